"""Issue 13, the hook: a huge file cannot overrun the budget or the memory, and a token after
a NUL byte is not waved through as "binary"."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys

from pushguard.git.patch import MAX_BLOCK_BYTES, DiffStats, parse_patch
from pushguard.scan.types import AddedBlock
from tests.helpers import tokens
from tests.hooks.conftest import Server


def test_a_token_after_a_nul_byte_in_a_text_file_is_found(server: Server) -> None:
    token = tokens.github_token()
    text = b"# settings\nname = 'demo'\x00 padding\nTOKEN = '" + token.encode() + b"'\n"
    oid = server.work.commit({"config/settings.py": text})
    result = server.push("main")
    assert not result.accepted, result.output
    assert f"{oid[:10]}  config/settings.py:3  github-token" in result.remote
    assert token not in result.output


def test_a_token_in_a_utf16_file_is_found_on_its_line(server: Server) -> None:
    """Windows PowerShell's ``echo ... > .env`` writes UTF-16 LE with a byte-order mark:
    git calls it binary, and its every other byte is a NUL."""
    token = tokens.github_token()
    text = f"# deploy settings\r\nREGION=eu-west-1\r\nGITHUB_TOKEN={token}\r\n"
    oid = server.work.commit({"deploy/.env": text.encode("utf-16")})
    result = server.push("main")
    assert not result.accepted, result.output
    assert f"{oid[:10]}  deploy/.env:3  github-token" in result.remote
    assert token not in result.output


def test_a_binary_without_text_is_still_reported_as_not_scanned(server: Server) -> None:
    server.work.commit({"img.bin": b"\x89PNG\x00\x01\x02\x03" * 64})
    result = server.push("main")
    assert result.accepted, result.output
    assert "img.bin: binary" in result.remote


def big_hunk(lines: int) -> bytes:
    body = b"".join(b"+line %d with some filler text to make it longer\n" % i for i in range(lines))
    return (
        b"\0" + b"c" * 40 + b"\n"
        b"diff --git a/big.txt b/big.txt\nnew file mode 100644\n"
        b"index 0000000000..1111111111\n--- /dev/null\n+++ b/big.txt\n"
        b"@@ -0,0 +1,%d @@\n" % lines + body
    )


def test_a_huge_hunk_comes_in_bounded_blocks_with_their_line_numbers() -> None:
    lines = 120_000  # ~6 MB: several blocks
    items = list(parse_patch(io.BytesIO(big_hunk(lines)), DiffStats()))
    blocks = [i for i in items if isinstance(i, AddedBlock)]
    assert len(blocks) > 3
    assert all(len(b.text.encode()) <= MAX_BLOCK_BYTES + 100 for b in blocks)
    expected = 1
    for block in blocks:  # consecutive, nothing lost or repeated
        assert block.start == expected
        first = block.text.split("\n", 1)[0]
        assert first == f"line {expected - 1} with some filler text to make it longer"
        expected += block.text.count("\n") + 1
    assert expected == lines + 1


def huge_file(server: Server) -> tuple[str, str]:
    """60 MB of text, the token at its very end, the size limit raised to let it in."""
    filler = b"".join(b"value_%08d = compute(%d) + offset\n" % (i, i) for i in range(1_700_000))
    token = tokens.github_token()
    oid = server.work.commit({"data/huge.py": filler + f"TOKEN = '{token}'\n".encode()})
    return oid, token


def test_the_budget_holds_inside_one_huge_file(server: Server) -> None:
    _, token = huge_file(server)
    server.configure("[scan]\nmax_blob_bytes = 200000000\n", base="[hook]\nbudget_seconds = 1\n")
    result = server.push("main")
    assert not result.accepted
    # decided at the budget, not after reading all 60 MB (which would find the token)
    assert "did not finish within 1 s" in result.remote, result.remote[-2000:]
    assert token not in result.output


def hook_process(server: Server, oid: str, script: str) -> tuple[dict[str, int], str]:
    """Run ``script`` as the hook's own process, as git runs it on the pushed (not yet
    received) commit ``oid``: what it prints as JSON on stdout, and its stderr."""
    env = {
        **server.work.env,
        **server.env,
        "GIT_DIR": ".",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES": str(server.work.path / ".git" / "objects"),
    }
    proc = subprocess.run(
        [sys.executable, "-c", script],
        input=f"{'0' * 40} {oid} refs/heads/main\n".encode(),
        cwd=server.remote.path,
        env=env,
        capture_output=True,
        check=True,
    )
    return json.loads(proc.stdout), proc.stderr.decode()


HOOK_PEAK = """
import json, sys
from pushguard.hooks.pre_receive import main
code = main([])
status = open("/proc/self/status").read()
peak = int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("VmHWM:")))
print(json.dumps({"code": code, "peak_kb": peak}))
"""


def test_a_huge_file_is_scanned_whole_in_bounded_memory(server: Server) -> None:
    oid, token = huge_file(server)
    # the catalogue tier off: its engine is a fixed cost (more when it compiles its cache on
    # a fresh machine) that does not grow with the file; this measures what does
    server.configure(
        "[scan]\nmax_blob_bytes = 200000000\ncatalogue = false\n",
        base="[hook]\nbudget_seconds = 600\n",
    )
    measured, stderr = hook_process(server, oid, HOOK_PEAK)
    assert measured["code"] == 1 and "data/huge.py:1700001  github-token" in stderr, stderr[-2000:]
    assert token not in stderr
    # one block at a time: the 60 MB file never sits in the hook's memory (held whole, it
    # took about five times its size)
    assert measured["peak_kb"] < 160 * 1024, measured["peak_kb"]


HOOK_CATALOGUE = """
import json, sys
from pushguard.scan import catalogue
loads = []
start = catalogue.Loader.start
catalogue.Loader.start = lambda self: (loads.append(1), start(self))[1]
from pushguard.hooks.pre_receive import main
code = main([])
print(json.dumps({"code": code, "catalogue_loads": len(loads)}))
"""


def test_a_push_no_catalogue_rule_could_match_never_loads_the_catalogue(server: Server) -> None:
    # the common push: loading the catalogue anyway cost it an eighth of its CPU time
    clean = server.work.commit({"app/math.py": "def add(a, b):\n    return a + b\n"})
    assert hook_process(server, clean, HOOK_CATALOGUE)[0] == {"code": 0, "catalogue_loads": 0}
    # one of its providers' tokens: loaded when a line hits its anchors, and it blocks
    token = tokens.CATALOGUE_PROVIDERS["groq"][0](random.Random(5))
    leak = server.work.commit({".env": f"GROQ_API_KEY={token}\n"})
    measured, stderr = hook_process(server, leak, HOOK_CATALOGUE)
    assert measured == {"code": 1, "catalogue_loads": 1}, stderr[-2000:]
    assert ".env:1" in stderr and "groq" in stderr and token not in stderr
