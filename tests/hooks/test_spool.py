from __future__ import annotations

import stat
import threading
from pathlib import Path

from pushguard.git import RefUpdate
from pushguard.hooks import spool
from pushguard.scan.types import Finding

UPDATE = RefUpdate("0" * 40, "a" * 40, "refs/heads/main")
FINDING = Finding("a" * 40, "app/\udcff.py", 3, "github-token", True, "f" * 64, "ghp_Ab…yz")


def record(action: spool.Action = "blocked") -> dict[str, object]:
    return spool.event(
        action,
        accepted=False,
        repo="group/project",
        repo_path=Path("/srv/repo.git"),
        pusher="alice",
        updates=[UPDATE],
        findings=[FINDING],
        reason="secrets",
    )


def test_events_round_trip_with_the_documented_fields(tmp_path: Path) -> None:
    assert spool.append(tmp_path / "spool", record()) is None
    [path] = (tmp_path / "spool").iterdir()
    [event] = spool.read_events(path)
    assert set(event) == {
        "v",
        "id",
        "time",
        "action",
        "accepted",
        "repo",
        "repo_path",
        "pusher",
        "refs",
        "findings",
        "reason",
        "rescan",
    }
    assert event["refs"] == [{"old": "0" * 40, "new": "a" * 40, "ref": "refs/heads/main"}]
    # a path git could not decode survives as an escape in plain ASCII JSON
    assert event["findings"] == [
        {
            "commit": "a" * 40,
            "path": "app/\udcff.py",
            "line": 3,
            "rule": "github-token",
            "blocking": True,
            "fingerprint": "f" * 64,
            "redacted": "ghp_Ab…yz",
        }
    ]
    assert path.read_bytes().isascii()
    # group-readable for the service's ingester, never world-readable
    assert stat.S_IMODE(path.stat().st_mode) & 0o137 == 0
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o027 == 0


def test_concurrent_appends_never_interleave(tmp_path: Path) -> None:
    def writer() -> None:
        for _ in range(50):
            assert spool.append(tmp_path, record()) is None

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    [path] = tmp_path.glob("hook-*.jsonl")
    events = spool.read_events(path)
    assert len(events) == 400 and len({e["id"] for e in events}) == 400


def test_a_partial_last_line_is_left_for_later(tmp_path: Path) -> None:
    spool.append(tmp_path, record())
    [path] = tmp_path.glob("hook-*.jsonl")
    with path.open("ab") as fh:
        fh.write(b'{"v": 1, "id": "half')
    assert len(spool.read_events(path)) == 1


def test_unwritable_spool_returns_a_short_notice(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    notice = spool.append(blocker / "spool", record())
    assert notice is not None and notice.startswith("pushguard: note: audit spool not writable")
    assert "\n" not in notice
