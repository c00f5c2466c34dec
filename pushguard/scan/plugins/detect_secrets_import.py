"""Import detect-secrets' plugins without importing ``requests``.

detect-secrets imports ``requests`` at the top of its plugin base class and of several
plugins, only to verify secrets online, which pushguard never asks it to do (live checks are
``pushguard.respond``'s, with its own client). ``requests`` brings urllib3, http.client, ssl and
charset detection: ~70 ms of CPU, a fifth of the Python time of a whole-history scan.

So, before any detect-secrets module is imported, ``requests`` is registered as a placeholder
module that imports the real one the first time one of its attributes is used (by anyone:
the placeholder then holds the real module's attributes). Two plugin modules name
``requests.Response`` in a return annotation, which Python evaluates when the function is
defined; they are compiled with postponed annotations (PEP 563, the default from Python 3.14),
so importing them touches nothing either.
"""

from __future__ import annotations
import __future__

import importlib
import importlib.machinery
import importlib.util
import sys
import threading
import types
from typing import Any

PACKAGE = "detect_secrets.plugins"
POSTPONED_ANNOTATIONS = frozenset({"ibm_cloud_iam", "ibm_cos_hmac"})
"""Plugin modules that evaluate ``requests.Response`` at import (detect-secrets 1.5)."""

_lock = threading.RLock()


class _DeferredRequests(types.ModuleType):
    """Stands for ``requests`` in ``sys.modules`` until an attribute is first looked up."""

    def __getattr__(self, name: str) -> Any:  # only called for attributes not yet present
        with _lock:
            if sys.modules.get("requests") is self:
                del sys.modules["requests"]
                try:
                    real = importlib.import_module("requests")
                except BaseException:
                    sys.modules["requests"] = self
                    raise
                self.__dict__.update(real.__dict__)
        return getattr(sys.modules["requests"], name)


def defer_requests() -> None:
    """Register the placeholder, unless ``requests`` is already imported."""
    with _lock:
        if "requests" not in sys.modules:
            placeholder = _DeferredRequests("requests")
            # a real spec: the import system reads ``__spec__`` on every ``import requests``
            placeholder.__spec__ = importlib.machinery.ModuleSpec("requests", None)
            sys.modules["requests"] = placeholder


def import_plugin(module: str) -> types.ModuleType:
    """``detect_secrets.plugins.<module>``, imported without ``requests``."""
    name = f"{PACKAGE}.{module}"
    with _lock:
        if name in sys.modules:
            return sys.modules[name]
        defer_requests()
        if module not in POSTPONED_ANNOTATIONS:
            return importlib.import_module(name)
        return _import_with_postponed_annotations(name)


def _import_with_postponed_annotations(name: str) -> types.ModuleType:
    package = importlib.import_module(PACKAGE)
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or spec.origin is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    source = spec.loader.get_source(name)  # type: ignore[attr-defined]
    code = compile(
        source, spec.origin, "exec", flags=__future__.annotations.compiler_flag, dont_inherit=True
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        exec(code, module.__dict__)  # noqa: S102 - an installed package's own source
    except BaseException:
        del sys.modules[name]
        raise
    setattr(package, name.rpartition(".")[2], module)
    return module
