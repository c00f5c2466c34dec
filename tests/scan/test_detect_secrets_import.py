"""detect-secrets' plugins run without importing ``requests`` (~70 ms of every scan's CPU).

Each check runs in a fresh interpreter: the test process may have imported ``requests``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.helpers import tokens as t


def run_python(code: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_every_wrapped_plugin_finds_secrets_without_importing_requests() -> None:
    # The IBM COS HMAC plugin names requests.Response in an annotation: it is the one that
    # would pull requests in when its module is imported.
    line = f'cos_hmac_secret_access_key = "{t.hex_secret(48)}"'
    out = run_python(
        f"""
        import sys
        from pushguard.scan.plugins.detect_secrets_adapter import adapters

        for adapter in adapters():
            list(adapter.find("password = 'x'", "app.py"))  # imports every plugin module
        hmac = next(a for a in adapters() if a.rule == "ibm-cos-hmac")
        print(len(list(hmac.find({line!r}, "settings.py"))))
        print(sorted(m for m in ("urllib3", "http.client", "ssl") if m in sys.modules))
        """
    )
    assert out.split("\n")[:2] == ["1", "[]"]


def test_requests_still_works_for_anyone_who_uses_it() -> None:
    out = run_python(
        """
        import sys
        from pushguard.scan.plugins.detect_secrets_import import import_plugin

        base = import_plugin("base")
        import requests
        print("urllib3" in sys.modules)
        # detect-secrets' own module-level reference and a later import see the real thing
        assert base.requests.exceptions.RequestException is requests.exceptions.RequestException
        print(issubclass(requests.exceptions.RequestException, OSError), "urllib3" in sys.modules)
        print(sys.modules["requests"].Session.__module__)
        """
    )
    assert out.split() == ["False", "True", "True", "requests.sessions"]
