"""Configuration: one TOML file plus ``PUSHGUARD_*`` environment overrides.

Loaded once at the edge (``load()``), validated into frozen dataclasses and passed down.
Every section is a dataclass whose fields are its keys: adding a setting is adding a field
with a default and a comment, and ``docs/configuration.md`` documents it.

Environment overrides: ``PUSHGUARD_<SECTION>_<KEY>`` (e.g. ``PUSHGUARD_HOOK_BUDGET_SECONDS``),
plus the short aliases in ``ENV_ALIASES``. Lists are comma-separated in the environment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pushguard.errors import ConfigError

DEFAULT_CONFIG_PATH = Path("/etc/pushguard/pushguard.toml")
"""Where the server config lives unless ``PUSHGUARD_CONFIG`` or ``--config`` says otherwise."""

DEFAULT_HOME = Path("~/.local/share/pushguard")
"""Data directory (SQLite, embedded Redis, keys, spool) unless ``PUSHGUARD_HOME`` is set."""

Policy = Literal["fail-closed", "fail-open"]


VENDORED_PATHS = (
    "*site-packages/*", "*node_modules/*", "*bower_components/*", "vendor/*", "*/vendor/*",
    "third_party/*", "*/third_party/*", "*.min.js", "*.min.css", "*.lock",
    "*package-lock.json", "*pnpm-lock.yaml", "*go.sum",
)  # fmt: skip
"""Paths of code a project carries but does not write (``ScanConfig.vendored_paths``)."""


@dataclasses.dataclass(frozen=True)
class ScanConfig:
    """``[scan]``: what the engine flags and what blocks. Overridable per repository."""

    max_blob_bytes: int = 1024 * 1024  # larger files are skipped and reported, not scanned
    generic_blocking: bool = False  # entropy/keyword detectors warn by default: false
    # positives that block pushes are what makes teams rip such hooks out
    inline_pragmas: bool = True  # honour `pragma: allowlist secret` comments
    import_baseline: bool = False  # trust the target branch's .secrets.baseline
    disabled_rules: tuple[str, ...] = ()  # rule ids never reported
    # HMAC key behind every fingerprint; default HOME/fingerprint.key (created on first use)
    fingerprint_key_file: Path | None = None
    # the catalogue tier (kingfisher-secret-scanner): hundreds of providers' rules; where the
    # package has no wheel the engine runs without it and says so
    catalogue: bool = True
    # globs of users' own rule files (gitleaks/betterleaks TOML, Kingfisher YAML)
    rules: tuple[str, ...] = ()
    # the compiled catalogue's disk cache, shared by every process; default HOME/cache/kingfisher
    catalogue_cache: Path | None = None
    # globs of third-party code checked in (virtualenvs, node_modules, vendor trees, minified
    # bundles, lock files): the generic warnings skip them unless generic_blocking is on; a
    # provider's token there still blocks (issue 9: they were most of a history's cost)
    vendored_paths: tuple[str, ...] = VENDORED_PATHS


FINGERPRINT_HEX = 64
"""A fingerprint is HMAC-SHA256 in hex; ``pushguard scan`` and the hook print all of it."""
MIN_PREFIX_HEX = 16
"""Shortest fingerprint prefix an entry may give: 64 bits never match by accident."""


def fingerprint_problem(value: str) -> str | None:
    """Why ``value`` can match no fingerprint, or None when it is one (or a long prefix)."""
    text = value.strip().lower()
    if not text or any(c not in "0123456789abcdef" for c in text):
        return f"fingerprint {value!r} is not hexadecimal"
    if len(text) > FINGERPRINT_HEX:
        return f"fingerprint {value!r} is longer than {FINGERPRINT_HEX} hex digits"
    if len(text) < MIN_PREFIX_HEX:
        return (
            f"fingerprint {value!r} is too short: give the {FINGERPRINT_HEX} hex digits the "
            f"hook and `pushguard scan` print (a prefix of at least {MIN_PREFIX_HEX} works)"
        )
    return None


class ConfigProblems(ConfigError):
    """Every problem of one configuration; the message names the first and counts the rest."""

    def __init__(self, problems: list[str]) -> None:
        more = f" (and {len(problems) - 1} more: `pushguard config check`)"
        super().__init__(problems[0] + (more if len(problems) > 1 else ""))
        self.problems = tuple(problems)


@dataclasses.dataclass(frozen=True)
class AllowEntry:
    """``[[allowlist]]``: a content-keyed suppression that survives rebase and squash."""

    fingerprint: str  # keyed hash of the secret, as shown in the hook's message
    reason: str
    rule: str | None = None  # limit to one rule id
    path: str | None = None  # fnmatch glob on the repository-relative path
    expires: dt.date | None = None  # after this day the entry no longer applies


@dataclasses.dataclass(frozen=True)
class HookConfig:
    """``[hook]``: the pre-receive hook's policy."""

    budget_seconds: float = 4.5  # GitHub Enterprise gives all pre-receive hooks 5 s together
    on_timeout: Policy = "fail-closed"  # what happens when the budget runs out
    on_error: Policy = "fail-closed"  # what happens on an internal error
    bypass_users: tuple[str, ...] = ()  # who may push with -o pushguard.bypass="reason"
    spool_dir: Path | None = None  # audit events and fail-open rescans; default HOME/spool
    daemon_socket: Path | None = None  # warm scanner's unix socket; default HOME/scan.sock
    # false positives marked with `pushguard findings false-positive`, exported by the
    # service for the hook (which never opens the database); default HOME/allowlist.json
    allowlist_file: Path | None = None
    daemon_autostart: bool = True  # installed hooks start the warm scanner when it is absent
    daemon_idle_seconds: float = 900.0  # an auto-started warm scanner exits after this quiet
    syslog_address: str = "/dev/log"  # where an event goes when the spool cannot be written


@dataclasses.dataclass(frozen=True)
class ServiceConfig:
    """``[service]``: the webhook service and workers."""

    database_url: str | None = None  # default: SQLite at HOME/pushguard.db
    redis_url: str | None = None  # unset: `pushguard serve` starts an embedded Redis
    bind: str = "127.0.0.1:8080"
    max_body_bytes: int = 25 * 1024 * 1024  # GitHub caps payloads at 25 MB
    public_url: str | None = None  # how git platforms reach the service, for printed URLs
    job_timeout: int = 3600  # seconds one rescan job may run before RQ kills it
    job_retries: int = 3  # a failed or abandoned (worker killed) job runs again this often
    job_retry_intervals: tuple[int, ...] = (10, 60, 300)  # backoff between retries, seconds
    drain_interval: float = 10.0  # seconds between outbox drains and spool ingests
    reveal_unknown_repositories: bool = False  # 404 (not 401) for an unregistered name


KNOWN_CANARY_ACCOUNTS = (
    "052310077262", "171436882533", "534261010715", "595918472158", "717712589309",
    "819147034852", "992382622183", "730335385048", "266735846894", "893192397702",
)
"""AWS accounts of canarytokens.org keys (trufflehog ``aws/access_keys/canary.go``): calling
STS with one alerts whoever planted it, so responders never contact AWS for them."""


def _key_values(entries: tuple[str, ...], what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in entries:
        key, sep, value = entry.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ConfigError(f"[respond] {what}: expected NAME=VALUE, got {entry!r}")
        out[key.strip()] = value.strip()
    return out


@dataclasses.dataclass(frozen=True)
class RespondConfig:
    """``[respond]``: verify leaked credentials live, revoke confirmed ones, notify people.

    Provider names: huggingface, github, gitlab, slack, npm, aws, webhook, stripe, google,
    openai, anthropic, discord, telegram, twitter, mailgun, notion, netlify, cloudflare,
    adafruit-io, elevenlabs, modal, fal, mem0, cartesia, pypi, and those in
    ``catalogue_providers``. Secrets the service
    needs (admin tokens, the SMTP password, the webhook signing key) are names of sealed
    credentials, never values.
    """

    enabled: bool = True  # respond automatically after a rescan finds blocking secrets;
    # false: findings are only stored (operators respond by hand)
    dry_run: bool = False  # record what would be revoked; never call a revoke endpoint
    policies: tuple[str, ...] = ()  # "provider=revoke|verify-only|off"; default: revoke
    # where the provider has a public or self-revocation API, verify-only otherwise
    repo_policies: tuple[str, ...] = ()  # "owner/repo=off" or "owner/repo:provider=verify-only"
    urls: tuple[str, ...] = ()  # "provider=base URL": GHES, self-managed GitLab, test servers
    timeout_seconds: float = 10.0  # per provider request
    retries: int = 3  # on 429/5xx/timeouts, exponential backoff honouring Retry-After
    github_revokes_per_hour: int = 60  # GitHub's limit for unauthenticated revoke calls
    github_revoke_credential: str | None = None  # GHES only: its revoke API wants a token
    gitlab_admin_credential: str | None = None  # instance admin token: revoke via admin API
    aws_admin_credential: str | None = None  # "KEYID:SECRET" allowed iam:UpdateAccessKey
    aws_region: str = "us-east-1"
    aws_canary_accounts: tuple[str, ...] = KNOWN_CANARY_ACCOUNTS  # never contacted
    webhook_url: str | None = None  # the organisation's own token service (generic responder)
    webhook_rules: tuple[str, ...] = ()  # rule ids the generic webhook responder handles
    webhook_secret_credential: str | None = None  # HMAC-SHA256 key that signs its requests
    webhook_identify: Literal["fingerprint", "sha256", "raw"] = "fingerprint"  # what
    # identifies the token to that service; "raw" sends the secret itself
    smtp_host: str | None = None  # unset: no email
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password_credential: str | None = None
    smtp_from: str = "pushguard@localhost"
    security_contacts: tuple[str, ...] = ()  # always receive incident emails
    notify_pusher: bool = True
    notify_author: bool = True
    notify_owner: bool = True  # the token owner, when verification names one
    slack_webhooks: tuple[str, ...] = ()  # incoming-webhook URLs
    teams_webhooks: tuple[str, ...] = ()  # Teams workflow URLs
    json_webhooks: tuple[str, ...] = ()  # generic JSON receivers (signed like webhook_url)
    # catalogue providers (``pushguard rules list``'s provider column) whose rules' own live
    # checks and revocations may be called; default none: sending a leaked secret to a third
    # party is the operator's decision. The rest are notified with steps, never contacted.
    catalogue_providers: tuple[str, ...] = ()
    # let those rules call private and loopback addresses (users' rules for internal
    # services); off, the catalogue engine refuses them, so a rule file cannot aim a leaked
    # secret at the internal network
    catalogue_private_addresses: bool = False

    def __post_init__(self) -> None:
        for name, value in _key_values(self.policies, "policies").items():
            _check_policy(value, f"policies {name}")
        for key, value in _key_values(self.repo_policies, "repo_policies").items():
            _check_policy(value, f"repo_policies {key}")
        _key_values(self.urls, "urls")
        for name in self.catalogue_providers:
            if not PROVIDER_NAME.fullmatch(name):
                raise ConfigError(
                    f"[respond] catalogue_providers: {name!r} is not a provider name "
                    "(lowercase, as `pushguard rules list` shows it, e.g. \"groq\")"
                )

    def policy_overrides(self) -> dict[str, str]:
        return _key_values(self.policies, "policies")

    def repo_overrides(self) -> dict[str, str]:
        return _key_values(self.repo_policies, "repo_policies")

    def url_overrides(self) -> dict[str, str]:
        return _key_values(self.urls, "urls")


PROVIDER_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
"""What ``rulemeta.provider_of`` produces: a lowercase word or words joined by dashes."""


def _check_policy(value: str, where: str) -> None:
    if value not in ("revoke", "verify-only", "off"):
        raise ConfigError(f"[respond] {where}: expected revoke, verify-only or off, got {value!r}")


@dataclasses.dataclass(frozen=True)
class KeysConfig:
    """``[keys]``: the master key that wraps sealed credentials, and the API-token HMAC key."""

    provider: Literal["local", "env", "vault"] = "local"  # local: key_file; env:
    # PUSHGUARD_MASTER_KEY (base64); vault: HashiCorp Vault transit
    key_file: Path | None = None  # default HOME/master.key, made by `pushguard keys init`
    vault_addr: str | None = None  # e.g. https://vault.example:8200
    vault_key: str = "pushguard"  # transit key name
    vault_mount: str = "transit"  # where the transit engine is mounted
    vault_token_file: Path | None = None  # unset: the VAULT_TOKEN environment variable
    vault_timeout_seconds: float = 10.0
    token_key_file: Path | None = None  # HMAC key for API tokens; default HOME/token.key


@dataclasses.dataclass(frozen=True)
class Config:
    home: Path = DEFAULT_HOME
    scan: ScanConfig = ScanConfig()
    hook: HookConfig = HookConfig()
    service: ServiceConfig = ServiceConfig()
    respond: RespondConfig = RespondConfig()
    keys: KeysConfig = KeysConfig()
    allowlist: tuple[AllowEntry, ...] = ()
    repos: Mapping[str, ScanConfig] = dataclasses.field(default_factory=dict)
    source: Path | None = None  # the file this came from, for messages

    def scan_for(self, repo: str | None) -> ScanConfig:
        """The scan policy for one repository: ``[repos."<name>"]`` over ``[scan]``."""
        if repo is not None and repo in self.repos:
            return self.repos[repo]
        return self.scan

    @property
    def fingerprint_key_file(self) -> Path:
        return self.scan.fingerprint_key_file or self.home / "fingerprint.key"

    @property
    def spool_dir(self) -> Path:
        return self.hook.spool_dir or self.home / "spool"

    @property
    def daemon_socket(self) -> Path:
        return self.hook.daemon_socket or self.home / "scan.sock"

    @property
    def allowlist_file(self) -> Path:
        return self.hook.allowlist_file or self.home / "allowlist.json"

    @property
    def master_key_file(self) -> Path:
        return self.keys.key_file or self.home / "master.key"

    @property
    def token_key_file(self) -> Path:
        return self.keys.token_key_file or self.home / "token.key"

    @property
    def database_url(self) -> str:
        return self.service.database_url or f"sqlite:///{self.home / 'pushguard.db'}"


SECTIONS: dict[str, type] = {
    "scan": ScanConfig, "hook": HookConfig, "service": ServiceConfig, "respond": RespondConfig,
    "keys": KeysConfig,
}

ENV_ALIASES = {
    "PUSHGUARD_DATABASE_URL": ("service", "database_url"),
    "PUSHGUARD_REDIS_URL": ("service", "redis_url"),
}


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("PUSHGUARD_CONFIG") or DEFAULT_CONFIG_PATH)


def load(
    path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> Config:
    """Read the TOML file (a missing default file means defaults) and the environment.

    An explicitly named file (argument or ``PUSHGUARD_CONFIG``) must exist.
    """
    env = os.environ if env is None else env
    explicit = path or env.get("PUSHGUARD_CONFIG")
    file = Path(explicit) if explicit else DEFAULT_CONFIG_PATH
    data: dict[str, Any] = {}
    try:
        with open(file, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"{file}: configuration file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read: {exc.strerror}") from None
    return parse(data, env, source=file if data or explicit else None)


def parse(data: Mapping[str, Any], env: Mapping[str, str], source: Path | None = None) -> Config:
    """Validate everything, then raise one ``ConfigProblems`` listing every problem found."""
    problems: list[str] = []
    config = _parse(data, env, source, problems)
    if problems:
        raise ConfigProblems(problems)
    return config


def _parse(
    data: Mapping[str, Any], env: Mapping[str, str], source: Path | None, problems: list[str]
) -> Config:
    where = str(source) if source else "config"
    unknown = set(data) - {"home", "allowlist", "repos", *SECTIONS}
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    overrides = _env_overrides(env)
    sections: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        raw = data.get(name, {})
        if not isinstance(raw, Mapping):
            problems.append(f"{where}: [{name}] must be a table")
            raw = {}
        sections[name] = _build(
            cls, {**raw, **overrides.get(name, {})}, f"{where}: [{name}]", problems
        )
    home_raw = env.get("PUSHGUARD_HOME") or data.get("home") or str(DEFAULT_HOME)
    if not isinstance(home_raw, str):
        problems.append(f"{where}: home must be a string path")
        home_raw = str(DEFAULT_HOME)
    allowlist = data.get("allowlist", [])
    if not isinstance(allowlist, list):
        problems.append(f"{where}: allowlist must be an array of tables ([[allowlist]])")
        allowlist = []
    entries: list[AllowEntry] = []
    for i, raw_entry in enumerate(allowlist):
        entry_where = f"{where}: [[allowlist]] #{i + 1}"
        entry = _build(AllowEntry, raw_entry, entry_where, problems)
        if entry is None:
            continue
        problem = fingerprint_problem(entry.fingerprint)
        if problem:  # it would silently suppress nothing
            problems.append(f"{entry_where} {problem}")
            continue
        entries.append(entry)
    repos_raw = data.get("repos", {})
    if not isinstance(repos_raw, Mapping):
        problems.append(f"{where}: [repos] must be a table of tables")
        repos_raw = {}
    base = dataclasses.asdict(sections["scan"] or ScanConfig())
    repos: dict[str, ScanConfig] = {}
    for name, raw in repos_raw.items():
        repo_where = f"{where}: [repos.{name!r}]"
        if not isinstance(raw, Mapping):
            problems.append(f"{repo_where} must be a table")
            continue
        built = _build(ScanConfig, {**base, **raw}, repo_where, problems)
        if built is not None:
            repos[name] = built
    return Config(
        home=Path(home_raw).expanduser(),
        allowlist=tuple(entries),
        repos=repos,
        source=source,
        **{name: value or SECTIONS[name]() for name, value in sections.items()},
    )


def _table(raw: object, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where} must be a table")
    return raw


def _env_overrides(env: Mapping[str, str]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for var, value in env.items():
        if var in ENV_ALIASES:
            section, key = ENV_ALIASES[var]
        elif var.startswith("PUSHGUARD_"):
            section, _, key = var[len("PUSHGUARD_"):].lower().partition("_")
            if section not in SECTIONS:
                continue
        else:
            continue
        out.setdefault(section, {})[key] = value
    return out


def _build(cls: type, raw: Mapping[str, Any], where: str, problems: list[str]) -> Any:
    """An instance of ``cls`` from ``raw``, or None with every problem appended."""
    if not isinstance(raw, Mapping):
        problems.append(f"{where} must be a table")
        return None
    before = len(problems)
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(raw) - set(fields)
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in fields:
            try:
                values[key] = _coerce(hints[key], value, f"{where} {key}")
            except ConfigError as exc:
                problems.append(str(exc))
    missing = [
        name for name, f in fields.items()
        if name not in raw
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        problems.append(f"{where}: missing required key(s) {', '.join(missing)}")
    if len(problems) > before:
        return None
    try:
        return cls(**values)
    except ConfigError as exc:  # a __post_init__ check across keys
        problems.append(str(exc))
        return None


def _coerce(hint: Any, value: Any, where: str) -> Any:
    """Turn a TOML value or an environment string into ``hint``, or say what is wrong."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if (value is None or value == "") and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return _coerce(inner[0], value, where)
    if origin is Literal:
        if value not in args:
            choices = ", ".join(repr(a) for a in args)
            raise ConfigError(f"{where}: expected one of {choices}, got {value!r}")
        return value
    if origin is tuple:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list | tuple):
            raise ConfigError(f"{where}: expected a list, got {value!r}")
        return tuple(_coerce(args[0], v, where) for v in value)
    if hint is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("1", "true", "yes", "on", "0", "false",
                                                         "no", "off"):
            return value.lower() in ("1", "true", "yes", "on")
        raise ConfigError(f"{where}: expected true or false, got {value!r}")
    if hint in (int, float):
        if isinstance(value, bool):
            raise ConfigError(f"{where}: expected a number, got {value!r}")
        try:
            number = hint(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: expected a number, got {value!r}") from None
        if number < 0:
            raise ConfigError(f"{where}: must not be negative, got {value!r}")
        return number
    if hint is Path:
        if isinstance(value, Path):
            return value
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{where}: expected a path, got {value!r}")
        return Path(value).expanduser()
    if hint is dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise ConfigError(f"{where}: expected a date like 2027-01-31, got {value!r}")
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {value!r}")
        return value
    raise ConfigError(f"{where}: unsupported setting type {hint!r}")  # pragma: no cover
