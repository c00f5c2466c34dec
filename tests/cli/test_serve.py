"""`pushguard serve` on embedded defaults: one command from webhook to stored finding."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pushguard.cli.main import main
from tests.helpers import tokens
from tests.helpers.catalogue import share_cache
from tests.helpers.gitrepo import MakeRepo
from tests.helpers.webhooks import body_of, github_headers, github_push


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return int(response.status)
    except OSError:
        return 0


def _console_shows_the_finding(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The console at / of the gunicorn `serve` runs: sign in, session in the embedded Redis."""
    assert main(["tokens", "create", "--scope", "findings:read", "--expires", "1d"]) == 0
    raw = capsys.readouterr().out.strip()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    with browser.open(f"{base}/", timeout=10) as response:  # redirected to the sign-in form
        assert response.url == f"{base}/signin?next=/"
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        form = response.read().decode().split('action="/signin"', 1)[1]
    nonce = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    data = urllib.parse.urlencode({"token": raw, "csrf_token": nonce, "next": "/findings"})
    with browser.open(f"{base}/signin", data=data.encode(), timeout=10) as response:
        assert response.url == f"{base}/findings"
        assert "k.txt" in response.read().decode()


def test_serve_end_to_end_and_clean_shutdown(
    tmp_path: Path,
    make_repo: MakeRepo,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = share_cache(tmp_path / "h")
    for key in list(os.environ):
        if key.startswith("PUSHGUARD_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("PUSHGUARD_HOME", str(home))
    monkeypatch.setenv("PUSHGUARD_CONFIG", os.devnull)
    # the leaked key is fake: no automatic response may try the real provider
    monkeypatch.setenv("PUSHGUARD_RESPOND_ENABLED", "false")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pushguard",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while _get(f"{base}/readyz") != 200:
            assert serve.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(0.3)
        remote = make_repo("widgets.git", bare=True)
        before = remote.commit({"README.md": "hi\n"}, "initial")
        after = remote.commit({"k.txt": f"key={tokens.anthropic_key()}\n"}, "leak")
        assert main(["repos", "add", "github", "acme/widgets", str(remote.path)]) == 0
        printed = dict(
            line.split(": ", 1) for line in capsys.readouterr().out.splitlines() if ": " in line
        )
        secret = printed["webhook secret"]
        # the per-repository URL `repos add` printed (its host is the configured bind)
        path = urlsplit(printed["webhook URL"].split()[0]).path
        # ... on the address serve --bind listens on, not [service] bind's default
        assert printed["webhook URL"].startswith(f"{base}/webhooks/")
        assert path == "/webhooks/github/acme/widgets"
        body = body_of(github_push("acme/widgets", "refs/heads/main", before, after))
        request = urllib.request.Request(  # noqa: S310 - loopback http
            f"{base}{path}", data=body, headers=github_headers(secret, body)
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            assert response.status == 202
        found: list[dict[str, object]] = []
        while not found:
            assert time.monotonic() < deadline + 60, "no finding stored"
            time.sleep(0.5)
            main(["findings", "--format", "json"])
            found = json.loads(capsys.readouterr().out)["findings"]
        assert found[0]["path"] == "k.txt"
        _console_shows_the_finding(base, capsys)
    finally:
        serve.send_signal(signal.SIGTERM)
        output, _ = serve.communicate(timeout=90)
    assert serve.returncode == 0, output
    assert "/webhooks/github/OWNER/NAME" in output and "pushguard repos add" in output
    assert f"console: {base}/" in output
    assert not (home / "redis" / "redis.sock").exists()  # embedded Redis stopped
    with pytest.raises(ProcessLookupError):
        os.killpg(serve.pid, 0)
