"""pushguard installs one top-level package, its own (issue: `import workers` in a user's code
must not find ours, and PyPI's `hooks`/`workers` projects must install beside it)."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pushguard.hooks.install

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_the_distribution_installs_only_the_pushguard_package() -> None:
    top_level = importlib.metadata.distribution("pushguard").read_text("top_level.txt")
    assert top_level is not None
    assert top_level.split() == ["pushguard"]


def test_hooks_webhook_and_workers_are_not_importable_at_top_level(tmp_path: Path) -> None:
    probe = (
        "import importlib.util as u\n"
        "print([n for n in ('hooks', 'webhook', 'workers') if u.find_spec(n)])\n"
        "import pushguard.hooks.install, pushguard.webhook, pushguard.workers.queue\n"
    )
    # from a neutral directory: the checkout itself is not on sys.path there
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == "[]"


def test_the_namespaced_packages_are_the_repository_folders() -> None:
    # contributors edit hooks/, webhook/ and workers/: those are the files that run
    assert Path(pushguard.hooks.install.__file__).resolve() == REPO_ROOT / "hooks" / "install.py"
