"""Running the ``pushguard`` command as a user would: a child process, its output captured."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_pushguard(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pushguard", *args],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
