"""The URL `repos add` prints: public_url, else what a running serve bound, else bind."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from pushguard import config as config_mod
from pushguard import service_url


def _config(home: Path, **service: str) -> config_mod.Config:
    return config_mod.parse({"home": str(home), "service": service}, {})


def test_a_running_serve_bind_wins_over_the_config_until_it_stops(tmp_path: Path) -> None:
    config = _config(tmp_path, bind="127.0.0.1:8080")
    assert service_url.base_url(config) == "http://127.0.0.1:8080"
    service_url.record(tmp_path, "http://127.0.0.1:9999")
    assert service_url.base_url(config) == "http://127.0.0.1:9999"
    public = _config(tmp_path, public_url="https://pushguard.example/")
    assert service_url.base_url(public) == "https://pushguard.example"
    service_url.forget(tmp_path)
    assert service_url.base_url(config) == "http://127.0.0.1:8080"


def test_a_crashed_serve_record_is_ignored(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    (tmp_path / service_url.RECORD).write_text(
        json.dumps({"url": "http://127.0.0.1:9999", "pid": int(dead.stdout)})
    )
    assert service_url.base_url(_config(tmp_path)) == "http://127.0.0.1:8080"


def test_a_wildcard_bind_names_this_host() -> None:
    assert service_url.bind_url("0.0.0.0:8080") == f"http://{socket.getfqdn()}:8080"
