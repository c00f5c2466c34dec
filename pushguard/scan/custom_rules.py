"""Users' own rules (``[scan] rules``): the rule files teams already keep, validated.

Two formats, told apart by extension: gitleaks/betterleaks TOML (``[[rules]]`` tables with
``id`` and ``regex``) and Kingfisher YAML (a ``rules:`` list with ``id``, ``name`` and
``pattern``). The catalogue engine loads them into the same database as its built-in rules;
this module finds the files and says, one line per bad rule, what is wrong with them, so that
``pushguard config check`` catches a broken rule before a hook runs it.
"""

from __future__ import annotations

import glob
import os
import re
import tempfile
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

_INLINE_FLAGS = re.compile(r"\(\?[imsxU-]+\)")  # Rust allows them anywhere, Python not
TOML_SUFFIXES = (".toml",)
YAML_SUFFIXES = (".yml", ".yaml")


def rule_files(patterns: Sequence[str], base: Path | None = None) -> tuple[str, ...]:
    """The files the globs name, sorted (relative globs are relative to ``base``)."""
    found: set[str] = set()
    for pattern in patterns:
        full = os.path.expanduser(pattern)
        if base is not None and not os.path.isabs(full):
            full = str(base / full)
        found.update(path for path in glob.glob(full) if os.path.isfile(path))
    return tuple(sorted(found))


def problems(patterns: Sequence[str], base: Path | None = None) -> list[str]:
    """Every problem with the rule files, one line each (empty: all rules load)."""
    out: list[str] = []
    for pattern in patterns:
        if not rule_files([pattern], base):
            out.append(f"rules {pattern!r}: matches no file")
    for path in rule_files(patterns, base):
        out.extend(file_problems(path))
    return out


def file_problems(path: str) -> list[str]:
    try:
        rules, kind = read_rules(path)
    except ValueError as exc:
        return [f"{path}: {exc}"]
    out = []
    for index, rule in enumerate(rules):
        name = rule.get("id") if isinstance(rule, dict) else None
        where = f"{path}: rule {name!r}" if name else f"{path}: rule #{index + 1}"
        problem = _shape_problem(rule, kind) or _engine_problem(rule, kind)
        if problem:
            out.append(f"{where}: {problem}")
    return out


def read_rules(path: str) -> tuple[list[Any], str]:
    """The rule entries of one file and its kind (``toml``/``yaml``); ValueError if unreadable."""
    suffix = Path(path).suffix.lower()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read: {exc}") from None
    if suffix in TOML_SUFFIXES:
        try:
            data: Any = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"not valid TOML: {exc}") from None
        kind = "toml"
    elif suffix in YAML_SUFFIXES:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ValueError(f"not valid YAML: {' '.join(str(exc).split())}") from None
        kind = "yaml"
    else:
        raise ValueError("unknown rule format: use .toml (gitleaks) or .yml/.yaml (Kingfisher)")
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, list) or not rules:
        raise ValueError("no rules: expected a non-empty `rules` list")
    return rules, kind


def _shape_problem(rule: Any, kind: str) -> str | None:
    if not isinstance(rule, dict):
        return "must be a table of keys"
    pattern_key = "regex" if kind == "toml" else "pattern"
    required = ("id", pattern_key) if kind == "toml" else ("id", "name", pattern_key)
    missing = [key for key in required if not isinstance(rule.get(key), str) or not rule[key]]
    if missing:
        return f"missing {', '.join(missing)}"
    return None


def _engine_problem(rule: dict[str, Any], kind: str) -> str | None:
    """Compile the rule alone with the catalogue engine: its error, or None."""
    try:
        import kingfisher_sdk as kf
    except ImportError:
        return None  # no engine to ask: the shape checks are all we can do
    with tempfile.TemporaryDirectory(prefix="pushguard-rule-") as tmp:
        path = Path(tmp) / f"rule.{kind}"
        path.write_text(_dump(rule, kind), encoding="utf-8")
        try:
            kf.Rules([str(path)], builtins=False, cache=False)
        except (RuntimeError, ValueError) as exc:
            engine = " ".join(str(exc).replace(str(path), "rule").split())
            return _regex_problem(rule, kind) or engine
    return None


def _regex_problem(rule: dict[str, Any], kind: str) -> str | None:
    """Python's account of a pattern that does not compile (its messages name the position);
    the catalogue engine's own message says only that the file did not import."""
    pattern = rule.get("regex" if kind == "toml" else "pattern")
    try:
        re.compile(_INLINE_FLAGS.sub("", str(pattern)))
    except re.error as exc:
        return f"regex does not compile: {exc}"
    return None


def _dump(rule: dict[str, Any], kind: str) -> str:
    if kind == "yaml":
        import yaml

        return str(yaml.safe_dump({"rules": [rule]}))
    return "[[rules]]\n" + "".join(f"{key} = {_toml_value(value)}\n" for key, value in rule.items())


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, Iterable) and not isinstance(value, dict):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return _toml_string(str(value))


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
