"""A key of a service that gives its keys no format of their own, known by the service's name
beside it: ``SHODAN_API_KEY=…``, ``"api_key": "…"`` on a line calling ``api.zerobounce.net``,
or ``api_key: …`` under a ``zerobounce:`` section, a ``# ZeroBounce`` comment or a line of
its block holding the API's URL (``uri: "https://api.zerobounce.net/…"``), or given first to
the service's SDK client (``new CloudflareClient("…")``, ``heroku3.from_key("…")``). A service
whose name is also a word (together, cohere, mistral) counts in the credential's own name,
as a section's whole key, as a key's owner ("Mistral API key") or in an API's URL. A value
given its name by the line above counts as assigned to that name: a Kubernetes env entry's
``- name: MISTRAL_API_KEY`` over ``value: …``, a Terraform ``variable "mistral_api_key"``
over its ``default = "…"``, aider's ``api-key:`` over ``- mistral=…``. A spreadsheet row
pairs the name in one cell with the value in a later one (``.csv``, ``.tsv``).

Hundreds of services issue keys as bare random strings (32 hex characters, 40 letters and
digits, a UUID): the value's shape says nothing, the service's name beside it says whose
credential it is. The generic keyword and entropy detectors warn on such lines; this one
blocks when a service that issues keys (``provider_names``) is named in the credential's
own name, on its line, or on the comment or section header right above it
(``provider_nearby``: the engine asks for the provider when the line does not say it).

What is left to others: a value of a format with its own rule (``ghp_``, ``sk-``, a JWT)
is reported under that rule, which can verify and revoke it (this detector is a catch-all);
names of what is not a secret (``*_ID``, ``PUBLIC_KEY``, ``SITE_KEY``) and values that are
words, placeholders or low in entropy do not block. In third-party code it warns, as every
catch-all does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence

from pushguard.scan.documented_formats import (
    BROWSER_KEY,
    applies,
    browser_key,
    off_format,
    off_format_reason,
)
from pushguard.scan.filters import BOTH_CASES, UUID, false_positive_reason, is_name
from pushguard.scan.lazyre import LazyRegex, lazy
from pushguard.scan.pairs import name_above
from pushguard.scan.plugins.base import (
    ASSIGNED,
    OWN_PREFIXES,
    digits_and_letters,
)
from pushguard.scan.plugins.drawn import EDITED, PREFIX_WORDS, edited, one_case_base64, varied
from pushguard.scan.plugins.headers import request_id
from pushguard.scan.plugins.naming import (
    ELIXIR_CONFIG,
    HCL_BLOCK,
    IN_NAMES,
    api_url_owner,
    case_parts,
    declared_api_owner,
    declared_owner,
    enclosing_owner,
    imported_owner,
    login_call_owner,
    named_explicitly,
    provider_in,
    request_url_owner,
    section_owner,
    service_setting,
    words,
)
from pushguard.scan.types import Match

HEADER_REACH = 5
"""Lines above a key that a comment or section header naming its service may be on."""
FILE_REACH = 30
"""Lines above a key's block that the file may name its service on: a constant declaring
its API's base (a class's ``API_URL``, the key in a method below it), its SDK's import."""

# letters and digits, base64's "+/" and base64url's "-_" inside and at the end (a draw of
# base64url ends in one of them once in 32), base64's padding at the end; an "id:secret"
# pair whole (Asana's "2/<user>/<token>:<hex>", a key id and its secret)
_DRAWN = (
    r"[A-Za-z0-9_][A-Za-z0-9_+/.-]{14,510}[A-Za-z0-9_-]"
    r"(?::[A-Za-z0-9_+/-]{7,254}[A-Za-z0-9_-])?={0,2}"
)
_VALUE = rf"(?P<value>{_DRAWN})(?![A-Za-z0-9_+/=.-])"
_ANCHORS = ("key", "token", "secret", "auth", "pat", "passw", "pwd", "credential")
"""What a credential's name holds (``_CREDENTIAL_WORDS`` decides on the whole name)."""
# From a credential word to the end of its name, to its value after an assignment (docs'
# "SHODAN_API_KEY is …" too) or a dash (notes and logs: "token - '…'"); the name's start is
# found by walking back (a pattern that opened on a name's first character would try every
# position)
_NAME_TAIL = "(?P<tail>(?i:" + "|".join(_ANCHORS) + r")[A-Za-z0-9_.-]{0,40}?)"
# A user and password given together to a credential's name (requests' auth=("api", "…")):
# the password is the value
_BASIC_PAIR = r"[ \t]*=[ \t]*\([ \t]*[\"'][^\"'\n]{0,64}[\"'][ \t]*,[ \t]*[\"']"
_ASSIGNMENT = lazy(_NAME_TAIL + rf"(?:{_BASIC_PAIR}|{ASSIGNED}|[ \t]+-[ \t]+[\"'`]?)" + _VALUE)
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
# A bearer token in a header or on a command line (the provider's host on the same line), or
# an Okta API token in its SSWS scheme
_SCHEMES = ("bearer", "token", "ssws")
_BEARER = lazy(r"(?i:\b(?:" + "|".join(_SCHEMES) + r")[ \t]+)" + _VALUE)
# Where either pattern may start, found in the lowercased line: a case-insensitive pattern
# is tried at every position of a line (a 300 KB minified line took 30 ms), a lowercase
# alternation of literals skips ahead on its first characters
_STARTS = lazy("|".join(_ANCHORS) + "|bearer|ssws")
_BLANK_OR_QUOTE = lazy(r"[\s\"'`]")
REFERENCE_REACH = 256
"""Characters before a name read for the ARN or URN it may be a segment of."""
_CREDENTIAL_WORDS = frozenset(
    {
        "key", "apikey", "token", "secret", "pat", "auth", "authorization", "authtoken",
        "accesstoken", "accesskey", "secretkey", "apitoken", "password", "passwd", "pwd",
        "credential", "credentials", "bearer",
    }
)  # fmt: skip
# Words that make "key" a credential's name: an API key, a secret key, an account key
_KEY_KINDS = frozenset(
    {
        "api", "access", "secret", "private", "auth", "client", "account", "service",
        "master", "admin", "license", "app", "application", "consumer", "signing", "server",
        "integration", "project", "developer", "dev", "prod", "live",
    }
)  # fmt: skip
# Words that make a name one of what is not secret: who or where, public halves, metadata
_NOT_SECRET_WORDS = frozenset(
    {
        "id", "ids", "name", "url", "uri", "host", "endpoint", "user", "username", "email",
        "region", "version", "type", "header", "path", "file", "length", "size", "prefix",
        "format", "count", "env", "var", "field", "param", "public", "publishable", "pub",
        "site", "sitekey", "hash", "hashed", "sha", "digest", "checksum", "fingerprint", "expiry",
        "expires", "ttl", "timeout", "placeholder", "example", "sample", "dummy", "fake",
        "test", "mock", "regex", "pattern", "label", "description", "hint", "policy",
        "from",  # Drone's from_secret: names a secret the server keeps
    }
)  # fmt: skip
_COMMENT = lazy(r"[ \t]*(?:#|//|--|;|/?\*|<!--)[^\n]*")
_SECTION = lazy(
    r"[ \t]*(?:\[[^\]\n]+\]"  # an INI or TOML section
    r"|[\"']?[A-Za-z0-9_.-]+[\"']?[ \t]*(?::|=[ \t]*\{|\{)[ \t]*(?:\{[ \t]*)?"  # a map's key
    # a PHP array's, a Ruby hash's (":mistral => {")
    r"|:?[\"']?[A-Za-z0-9_.-]+[\"']?[ \t]*=>[ \t]*(?:\[|array\(|\{))[ \t]*"
    f"|{HCL_BLOCK}|{ELIXIR_CONFIG}"
)
# formats with a rule of their own: left to it (see the module's docstring), Stripe's test
# and publishable keys and webhook secrets too. Of "sk-" only OpenAI's and Anthropic's own
# forms: DeepSeek, Helicone, DashScope and many more begin their keys with "sk-" as well, and
# under their name such a key is theirs.
_OWN_SK = r"sk-(?:proj|svcacct|admin|ant|or)-|sk-[A-Za-z0-9_-]{0,80}T3BlbkFJ"
_STRUCTURED = lazy(OWN_PREFIXES + f"|{_OWN_SK}" + r"|[rs]k_test_|pk_(?:live|test)_|whsec_")
UNNAMED = (
    "a credential's name over a random-looking value, its service named nowhere near: "
    "review it, it does not block"
)
_OTHER_KINDS = {
    # the app credentials beside its tokens (Slack's "App Credentials": client secret,
    # signing secret, verification token), a private API key beside the access tokens
    # (Braintree), an API key's secret beside the auth token (Twilio)
    "slack": frozenset({"client", "signing", "verification"}),
    "braintree": frozenset({"private"}),
    "twilio": frozenset({"secret"}),
}
"""Services a detector of ours knows some credentials of (``_formats``), and the words that
name the ones it does not, which are bare random strings: under such a name, this detector
reports the value (``SLACK_SIGNING_SECRET=…``) rather than leave it to one that never will."""
_ELEMENT = lazy(r"[ \t]*<[A-Za-z_][A-Za-z0-9_.:-]*(?:[ \t][^<>\n]*[^/<>\n])?>[ \t]*")
"""An XML element's opening tag alone on its line (not one closed on it)."""
_ADDRESS = lazy(r"0x[0-9a-fA-F]{40}")
PHRASE_WORD = 4
"""Letters a phrase's words average at least (a random draw's lowercase runs average under
two)."""
_DOCSEARCH_CONFIG = lazy(r"(?:^|/)(?:docusaurus\.config|\.vitepress/config)\.[cm]?[jt]s$")
"""A documentation site's config, whose ``algolia: {apiKey}`` is DocSearch's search-only key."""
DOCSEARCH = (
    "an Algolia DocSearch key in a documentation site's config: the search-only key, public by "
    "design (Docusaurus' docs: safe to commit); an admin key here would be a leak"
)
_DOCSEARCH_CALL = lazy(r"\bdocsearch[ \t]*\(")
DOCSEARCH_REACH = 4
"""Lines above an ``apiKey`` DocSearch's call may open on (its appId first)."""
_STATUS_BADGE = lazy(r"circleci\.com/[^\s\"'()<>]*\.(?:svg|png)\?[^\s\"'()<>]*\Z", re.I)
"""A CircleCI status badge's image URL up to its ``circle-token=``."""
STATUS_BADGE = (
    "a CircleCI status badge's token: CircleCI issues these with the Status scope, which "
    "reads build statuses only, for READMEs (a project token's scope shows under its API "
    "permissions)"
)
PHRASE_MIN_LENGTH = 24
"""Characters from which a value that reads as a phrase is taken for one even where a
service is named: a random draw of 24 letters and digits reads as one about once in 5,000
draws, of 32 once in 100,000 (of 16, once in 1,000: there only the unnamed warning asks)."""
_WORD_PART = lazy(r"(?:^|(?<=[-_/.]))[a-z]{6,}(?=[-_/.]|$)")
"""A lowercase word between separators (``nonexistent-org-…``, ``com.example.auth2``): a
name, not a draw; unless it is a service's name, which formats put before their keys' random
part (``duffel_live_…``, a ``_DRAWN_RUN``)."""
_DRAWN_RUN = lazy(r"[A-Za-z0-9]{16}")
_FORMAT_PREFIX = lazy(r"\A[a-z]{2,10}[_-](?=[A-Za-z0-9]{20,}\Z)")
WINDOW = 120
"""Characters either side of a value in which its line may name the service (a minified
line names many things)."""


_PAIRED_VALUE = lazy(
    r"[ \t]*(?:-[ \t]+)?(?:(?:[\"']?value[\"']?[ \t]*[:=]|default[ \t]*=)[ \t]*(?P<q>[\"']?)"
    + _VALUE
    + rf"(?P=q)[ \t]*,?|<string>(?P<plist>{_DRAWN})</string>)[ \t]*"
)
"""A value whose name is on a line above (``pairs.name_above``)."""
_SERVICE_ITEM = lazy(
    r"[ \t]*-[ \t]+(?P<service>[A-Za-z][A-Za-z0-9_.-]{1,40})=" + _VALUE + r"[ \t]*"
)
"""A list item ``- service=key``, its name (``api-key:``) on a line above."""


_CALLED_AN_ID = lazy(
    r"[ \t]*[\"'`]?[ \t]*[;,]?[ \t]*(?://|#)[ \t]*(?:[\w/.-]+[ \t]+){0,5}?(?:ID|Id|id)(?![\w-])"
)
_SECRET_WORD = lazy(r"(?i:key|secret|token|passw|pwd)")


def _called_an_id(after: str) -> bool:
    """Whether the comment after a value calls it an id ("// Replace with Jenkins
    credentials ID for Docker Hub"): a pipeline's environment naming the credential it
    binds, a UUID like a key's, is no key. Not where the comment talks of a key too."""
    return _CALLED_AN_ID.match(after) is not None and _SECRET_WORD.search(after) is None


def _service_item(line: str) -> re.Match[str] | None:
    """``line`` as a ``- service=key`` item, if the name before ``=`` is no credential's
    (``- SHODAN_API_KEY=…``, a Compose environment's, is read as an assignment)."""
    item = _SERVICE_ITEM.fullmatch(line)
    return item if item is not None and not _strength(item.group("service")) else None


_KEYS_HEADER = lazy(r"[ \t]*[\"']?api[-_]?keys?[\"']?[ \t]*:[ \t]*")


def _drawn(value: str) -> bool:
    """Whether ``value`` looks drawn at random: letters and digits both, varied enough.
    A format's own prefix (Notion's ``secret_``) is no word of the value's."""
    body = _FORMAT_PREFIX.sub("", value)
    named = [word.group() for word in _WORD_PART.finditer(body)]
    if not digits_and_letters(value) or any(word not in IN_NAMES for word in named):
        return False
    if named and not _DRAWN_RUN.search(body):
        return False  # a service's name and a short run: duffel_test_abc123
    if one_case_base64(value):
        return False
    return varied(value)


MALFORMED = (
    "not one draw from an encoding's alphabet (base64 padding on a length base64 never "
    "has, a character repeated four times in a mixed-case value): a made-up or cut value, "
    "not a key"
)
_SAME_FOUR = lazy(r"([A-Za-z0-9])\1{3}")
FILLER_MIN_LENGTH = 20
"""Characters a mixed-case value needs before a run of four is taken for a filler: in a
random draw from both cases and digits such a run starts once in about 240,000 characters
(a 48-character key has one about once in 5,000 draws)."""


def _malformed(value: str) -> bool:
    """Whether ``value`` cannot be one draw from the alphabet of an encoding keys come in:
    a random key is encoded whole, its padding where the encoding puts it. So "=" after a
    length that is not a multiple of four, or a character repeated four times in a
    mixed-case value (three zero bytes as "AAAA"), mark a value typed or cut by hand. (Not
    base64's "+/" beside base64url's "-_": PagerDuty draws its keys from all four.)"""
    body = PREFIX_WORDS.sub("", value)
    if body.endswith("=") and len(body) % 4:
        return True
    mixed = BOTH_CASES.match(body) is not None and len(body) >= FILLER_MIN_LENGTH
    return mixed and _SAME_FOUR.search(body) is not None


def _is_key(value: str, strength: int, line: str, path: str) -> bool:
    """Whether ``value``, under a name of ``strength``, may be a key: not another format's,
    an id, a word or a placeholder."""
    if _STRUCTURED.match(value):
        return False
    if strength == 1 and UUID.fullmatch(value):
        return False  # a bare "key" holding a UUID: a record's id
    if _ADDRESS.fullmatch(value):
        return False  # an Ethereum address (a token contract's): public, not a key
    # of an "id:secret" pair, the secret is what must look drawn (an id may be digits)
    if is_name(value) or not _drawn(value.rpartition(":")[2]):
        return False
    if "." in value and any(_phrase(part) for part in value.split(".")):
        return False  # a dotted name: urllib2.AbstractBasicAuthHandler
    if len(value) >= PHRASE_MIN_LENGTH and _phrase(value):
        return False  # an identifier: "for credentials, ConnectorRegistrationsV2 renamed ..."
    if _phrase(value) and not _NAMING_WORDS.isdisjoint(words(value)):
        return False  # a field's name as the value: "clientSecret": "oauth2OktaClientSecret"
    return false_positive_reason(value, line, path) is None


_NAMING_WORDS = _CREDENTIAL_WORDS | _NOT_SECRET_WORDS | {"domain", "appid", "client"}
"""Words a camelCase value naming a field holds (``oauth2OktaClientSecret``,
``oauth2Auth0Domain``): a phrase of them, however short, is a name (a random draw reads as
a phrase about once in a thousand, and then holds no such word)."""


def _other_kind(provider: str, name: str) -> bool:
    """Whether ``name`` says its value is one of ``provider``'s credentials that the
    provider's own detector does not know (``_OTHER_KINDS``)."""
    kinds = _OTHER_KINDS.get(provider)
    return kinds is not None and not kinds.isdisjoint(words(name))


def _phrase(value: str) -> bool:
    """Whether ``value`` is words run together in camelCase or PascalCase, digits between
    (``defaultToConfig2``, ``DonotForgetYour32CharacterString``), maybe after a short prefix
    and between underscores (``__k6WritableStreamDefaultWriter__``): an identifier or a
    made-up placeholder. A random draw has capitals and letters alone between its lowercase
    runs: of 16 letters and digits, about one in a thousand reads as a phrase, of 32 one in
    100,000 (so only the warning on a key whose service is named nowhere asks of a short
    value, ``PHRASE_MIN_LENGTH``)."""
    value = value.strip("_")  # a sentinel's: "__k6WritableStreamDefaultWriter__"
    parts = case_parts(value)
    if "".join(parts) != value:
        return False
    # a short lowercase prefix before the words, a package's or product's (k6, x509)
    lead = next((i for i, part in enumerate(parts) if part[0].isupper()), len(parts))
    if 0 < lead < len(parts) and len("".join(parts[:lead])) <= 4:
        parts = parts[lead:]
    # a version's suffix counts as a word: RegisterConnectorV2
    version = parts[-2:-1] == ["V"] and parts[-1].isdigit()
    letters = [part for part in (parts[:-2] if version else parts) if not part.isdigit()]
    if len(letters) + version < 3 or any(len(part) < 2 or part.isupper() for part in letters):
        return False
    if sum(part[0].isupper() for part in letters) < 2:
        return False  # lowercase and digits: a draw from that alphabet has long letter runs
    return sum(map(len, letters)) >= PHRASE_WORD * len(letters)


def _strength(name: str) -> int:
    """2: a credential's name (``api_key``, ``token``, ``shodan_key``); 1: a bare ``key``
    (a JSON map's, a cache's, a sort's), which counts only under a header naming a service;
    0: not a credential's name (``client_id``, ``public_key``, ``sha``)."""
    if request_id(name):
        return 0
    found = set(words(name))
    if found.isdisjoint(_CREDENTIAL_WORDS) or not found.isdisjoint(_NOT_SECRET_WORDS):
        return 0
    if not found.isdisjoint(_CREDENTIAL_WORDS - {"key"}) or not found.isdisjoint(_KEY_KINDS):
        return 2
    return 2 if provider_in(name, IN_NAMES) else 1


_DOTTED_16 = r"(?:[a-z0-9_+/-]{0,14}\.)?[a-z0-9_+/-]{15}"
"""The prefilter's value after its first character: 15 more, maybe a dot among the first 16
(a dotted key's first part may be short: Baseten's "<8>.<32>", hawk.…, sl.…)."""


class NamedProviderKey:
    rule = "named-provider-key"
    blocking = True
    catch_all = "a key with its service named beside it"
    # a credential's name, something between (a type: Rust's "KEY: &str = "), then 16
    # characters of a value (the line's service, if any, is looked up only on such lines)
    prefilter = "|".join(
        [
            f"{word}[a-z0-9_.-]{{0,40}}(?:[^a-z0-9\\n]{{1,12}}[a-z]{{1,8}})?"
            f"[^a-z0-9\\n]{{1,12}}[a-z0-9_]{_DOTTED_16}"
            for word in _ANCHORS
        ]
        # a spreadsheet row: the name's cell, maybe one cell between, the value's
        + [
            f'{word}[a-z0-9_.-]{{0,40}}"?[,\\t][^,\\t\\n]{{0,60}}[,\\t]"?[a-z0-9_][a-z0-9_+/-]{{15}}'
            for word in _ANCHORS
        ]
        # a YAML block scalar under a credential's name ("api_key: |"): the match ends on
        # the next line, its token's, which it hits (``pairs.joined`` reads the two together)
        + [
            f"{word}[a-z0-9_.-]{{0,40}}[\"']?[ \t]*:[ \t]*[|>][-+1-9]{{0,2}}[ \t]*\r?\n"
            r"[ \t]+[a-z0-9_]"
            for word in _ANCHORS
        ]
        + [
            r"bearer[ \t]+[a-z0-9_][a-z0-9_+/-]{15}",
            # Okta's API token scheme (Authorization: SSWS <token>)
            r"ssws[ \t]+[a-z0-9_][a-z0-9_+/-]{15}",
            # a value named on a line above
            r"value[\"']?[ \t]*[:=][ \t]*[\"']?[a-z0-9_]" + _DOTTED_16,
            r"default[ \t]*=[ \t]*[\"']?[a-z0-9_]" + _DOTTED_16,
            r"<string>[a-z0-9_]" + _DOTTED_16,
            # a credential's name in a document's code span (its value in another one)
            r"`[a-z0-9_]{0,40}(?:key|token|secret)[a-z0-9_]{0,20}`",
            # aider's api-key list: "- provider=key"
            r"-[ \t]+[a-z][a-z0-9_.-]{1,40}=[a-z0-9_]" + _DOTTED_16,
            r"unwrap_or(?:_else)?\((?:\|_\|)?[ \t]*[\"'][a-z0-9_][a-z0-9_+/-]{15}",
            # a service's SDK client given its key first: new CloudflareClient("…")
            r"client[ \t]*\([ \t]*[\"'][a-z0-9_]" + _DOTTED_16,
            r"from_key[ \t]*\([ \t]*[\"'][a-z0-9_]" + _DOTTED_16,
        ]
    )

    def __init__(self, formats: Mapping[str, tuple[LazyRegex, ...]] | None = None) -> None:
        # services whose keys another detector knows the format of (Twilio's lowercase hex,
        # Datadog's 32 characters): what it turns down is not theirs, whatever the name says.
        # Where that detector cannot read the name (a section, a Terraform variable above),
        # a value in its shape is still theirs.
        self._formats = formats or {}

    def _theirs(self, provider: str, secret: str, name: str = "") -> str:
        """``provider``, unless ``secret`` is not in the format of its keys that the service
        documents (``documented_formats``) or that another detector knows, and its ``name``
        names none of the service's other credentials (``_OTHER_KINDS``): then ""."""
        if off_format(provider, name, secret) is not None:
            return ""
        shaped = self._in_their_shape(provider, secret) or _other_kind(provider, name)
        return provider if shaped else ""

    def _in_their_shape(self, provider: str, secret: str) -> bool:
        """Whether ``secret`` is in a shape of ``provider``'s keys another detector knows
        (True where none knows its keys)."""
        shapes = self._formats.get(provider)
        return shapes is None or any(shape.fullmatch(secret) for shape in shapes)

    def find(self, line: str, path: str) -> Iterator[Match]:
        paired = _PAIRED_VALUE.fullmatch(line) or _service_item(line)
        if paired is not None:
            # its name is on a line above: the engine asks provider_nearby, which reads it
            value = paired.group("value") or paired.group("plist")
            if _is_key(value, 2, line, path):
                yield self._match(value, "")
            return
        seen: set[str] = set()
        for name, value, owner in _apart(line, path):
            if value not in seen and _is_key(value, 2, line, path):
                seen.add(value)
                provider = provider_in(name, IN_NAMES) or owner
                yield self._match(value, self._theirs(provider, value, name))
        for found in _matches(line):
            value = found.group("value")
            if not _whole_token(line, *found.span("value")):
                continue
            assigned = "tail" in found.re.groupindex
            if assigned and _list_items(line, found):
                continue
            name = _name(line, found) if assigned else "bearer"
            name_start = found.end("tail") - len(name) if assigned else 0
            if assigned and _in_reference(line, name_start):
                continue  # a segment of an ARN or a URN (arn:aws:secretsmanager:...:secret:...)
            strength = _strength(name)
            if not strength or value in seen:
                continue
            seen.add(value)
            if not _is_key(value, strength, line, path):
                continue
            if assigned and _called_an_id(line[found.end("value") :]):
                continue  # "// Replace with Jenkins credentials ID": it names a credential
            if _STATUS_BADGE.search(line, 0, found.start("value")):
                yield Match(value, provider="circleci", blocking=False, reason=STATUS_BADGE)
                continue
            if name == "apiKey" and _DOCSEARCH_CONFIG.search(path):
                yield Match(value, provider="algolia", blocking=False, reason=DOCSEARCH)
                continue
            # named in the credential's name first (a line may name several services; a
            # property's dotted name is one name: azure.devops.pat), then near it on the
            # line; a bare "key" only by the API whose query it is in, or by a header above
            # (the engine asks)
            provider = provider_in(name.replace(".", "_"), IN_NAMES)
            if not assigned and found.group()[:4].lower() == "ssws":
                provider = "okta"  # the scheme Okta's API tokens alone are sent in
            if not provider and strength == 1 and name_start and line[name_start - 1] in "?&":
                provider = named_explicitly(line[max(0, name_start - WINDOW) : name_start])
            if not provider and strength == 1:
                provider = login_call_owner(line[max(0, name_start - WINDOW) : name_start])
            if not provider and strength == 2:
                start, end = found.span("value")
                before, after = line[max(0, start - WINDOW) : start], line[end : end + WINDOW]
                provider = (
                    provider_in(before)
                    or provider_in(after)
                    or named_explicitly(before)
                    or named_explicitly(after)
                    or enclosing_owner(before)
                    or _prefix_owner(value)
                )
            if provider and browser_key(provider, words(name), value):
                yield Match(value, provider=provider, blocking=False, reason=BROWSER_KEY)
                continue
            documented = off_format(provider, name, value) if provider else None
            if documented is not None:
                reason = off_format_reason(provider, documented)
                yield Match(value, provider=provider, blocking=False, reason=reason)
            elif not provider:
                # the engine asks provider_nearby; where nothing names a service, a key's or
                # token's own name still warns: not a bare "key", a password's or a bearer
                # header's (the keyword and catalogue rules judge those), nor an identifier
                warns = strength == 2 and assigned and applies(name) and not _phrase(value)
                yield self._match(value, provider)._replace(unnamed=UNNAMED if warns else "")
            elif self._in_their_shape(provider, value) or _other_kind(provider, name):
                yield self._match(value, provider)
            else:
                # not a key of the service its name names: an OpenAI-compatible service's
                # under OPENAI_API_KEY, where its block names that service (provider_nearby)
                yield self._match(value, "")

    @staticmethod
    def _match(value: str, provider: str) -> Match:
        drawn = value.rpartition(":")[2]
        if edited(drawn):
            return Match(value, provider=provider, blocking=False, reason=EDITED)
        if _malformed(drawn):
            return Match(value, provider=provider, blocking=False, reason=MALFORMED)
        return Match(value, provider=provider, confidence="medium")

    @staticmethod
    def reconsider(lines: Sequence[str], index: int, match: Match) -> Match:
        """An ``apiKey`` given to DocSearch's call a few lines above (``docsearch({ apiKey:
        '…' })`` in a documentation site's template) is its search-only key, wherever the
        site's config lives (``DOCSEARCH``)."""
        if match.provider or match.blocking is False or "apikey" not in lines[index].lower():
            return match
        for line in lines[max(0, index - DOCSEARCH_REACH) : index]:
            if _DOCSEARCH_CALL.search(line):
                return match._replace(provider="algolia", blocking=False, reason=DOCSEARCH)
        return match

    def provider_nearby(self, lines: Sequence[str], index: int, secret: str = "") -> str:
        """For a match whose line names no service: the one its name on a line above names
        (``pairs.name_above``), else the one a ``provider: …`` setting, an API's URL
        (``naming.api_url_owner``), a class declaration (``naming.declared_owner``) or a
        call left open (``naming.enclosing_owner``) on a line of the key's block, or the
        nearest comment or section header above names (up to ``HEADER_REACH`` lines up, not
        past a blank one), else an API's URL below it in its block, or ""."""
        item = _service_item(lines[index])
        if item is not None:
            return self._listed_under_keys(lines, index, item.group("service"), secret)
        if _PAIRED_VALUE.fullmatch(lines[index]):
            name = name_above(lines, index)
            if name is None or _strength(name) < 2:
                return ""  # no credential's name: a value like any other
            provider = provider_in(name, IN_NAMES)
            if provider:
                return self._theirs(provider, secret, name)
        else:
            name = _own_name(lines[index], secret)
        return (
            self._named_above(lines, index, secret, name)
            or self._url_below(lines, index, secret, name)
            or self._named_in_file(lines, index, secret, name)
        )

    def _listed_under_keys(
        self, lines: Sequence[str], index: int, service: str, secret: str
    ) -> str:
        """The service a ``- service=key`` item names, in a list under ``api-key:`` (aider's
        ``.aider.conf.yml`` keeps one key per provider so)."""
        for line in lines[index - 1 :: -1][:HEADER_REACH]:
            if _service_item(line):
                continue
            if _KEYS_HEADER.fullmatch(line):
                return self._theirs(provider_in(service, IN_NAMES), secret, "api-key")
            break
        return ""

    def _named_above(self, lines: Sequence[str], index: int, secret: str, name: str) -> str:
        closed = False  # a call or object closed between the key and a line opening one
        container = -1  # the indentation of the container section passed, if any
        for number in range(index - 1, max(index - 1 - HEADER_REACH, -1), -1):
            line = lines[number]
            if not line.strip():
                return ""
            element = _ELEMENT.fullmatch(line) is not None
            provider = (
                service_setting(line)  # "provider: mistral" above the key, in its block
                # the service's API URL in the key's block: "uri: https://api.x.io/"
                or (api_url_owner(line) if len(line) <= 2 * WINDOW else "")
                or declared_owner(line)  # "public class ShodanClient {"
                or (section_owner(line) if element else "")  # <shodan> around <api_key>
                # the call whose arguments the key's line continues: "client = Shodan("
                or ("" if closed else enclosing_owner(line))
            )
            if provider:
                return self._theirs(provider, secret, name)
            closed = closed or line.lstrip()[:1] in _CLOSING
            if element:
                continue  # <settings> ends no search: a "<!-- Shodan -->" may sit above it
            if _header(line):
                section = _SECTION.fullmatch(line) is not None
                indent = len(line) - len(line.lstrip())
                if section and 0 <= container <= indent:
                    return ""  # a sibling of the container passed, not a section around it
                provider = (
                    provider_in(line)
                    or named_explicitly(line)
                    or (section_owner(line) if section else "")
                )
                # a section naming no service ends the search, unless any service's settings
                # go in such a section (a request's headers, a credentials map)
                if provider or (section and not _container(line)):
                    return self._theirs(provider, secret, name)
                if section:
                    container = indent
        return ""

    def _named_in_file(self, lines: Sequence[str], index: int, secret: str, name: str) -> str:
        """The one service the file names above the key's block by the base URL of its API
        (``private static final String API_URL = "https://api.x.io/v2";`` in a class, the
        key in a method below it), by a request's URL setting (an n8n HTTP node's ``"url"``
        over its header parameters) or by importing its SDK (``from serpapi import
        GoogleSearch`` over ``GoogleSearch({"api_key": "…"})``). Two services named there
        name neither."""
        if _strength(name) < 2:
            return ""  # no credential's name of its own, or a bare "key": its block must say
        found = {
            owner
            for line in lines[max(0, index - FILE_REACH) : index]
            if len(line) <= 2 * WINDOW
            and (
                owner := declared_api_owner(line) or request_url_owner(line) or imported_owner(line)
            )
        }
        return self._theirs(found.pop(), secret, name) if len(found) == 1 else ""

    def _url_below(self, lines: Sequence[str], index: int, secret: str, name: str) -> str:
        """The service whose API URL is set below the key, in its block: an OpenAI-compatible
        client's ``base_url`` after its ``api_key``, in its arguments or its settings; or on
        the line right after the block, the request that sends it (``headers = {...}`` then
        ``requests.get("https://api.x.io/v1/me", headers=headers)``)."""
        closed = False
        for line in lines[index + 1 : index + 1 + HEADER_REACH]:
            if not line.strip():
                break
            if line.lstrip()[:1] in _CLOSING:
                closed = True  # the end of the key's block, call or object
                continue
            if closed and not _REQUEST.search(line):
                return ""  # after the block, only a request sending it counts
            provider = api_url_owner(line) if len(line) <= 2 * WINDOW else ""
            if provider:
                return self._theirs(provider, secret, name)
            if closed:
                return ""
        return ""


def _apart(line: str, path: str) -> Iterator[tuple[str, str, str]]:
    """Each credential's name, value and the service the rest of ``line`` names, where they
    are apart on a line: a spreadsheet's cells, a document's code spans, an SDK client's
    class and its first argument."""
    lowered = path.lower()
    if lowered.endswith(_TABLES):
        yield from _row_pairs(line)
    elif lowered.endswith(_DOCUMENTS):
        yield from _prose_pairs(line)
    # the class or module names the service; the key is its first argument
    yield from _sdk_clients(line)


# A service's SDK client constructed with its key as the first argument, the class or the
# module named for the service: new CloudflareClient("…"), NewRelicClient("…"),
# pagerduty.RestApiV2Client("…"), heroku3.from_key("…"), new \Datadog\Client('…', …). The
# call is found by its literal end (a pattern opening on the owner's name would try every
# position of every line), the owner read back from there.
_SDK_CALL = lazy(r"(?:Client|client|from_key)[ \t]*\([ \t]*[\"']" + _VALUE + r"[\"']")
_OWNER = lazy(r"(?:[A-Za-z_][A-Za-z0-9_]{0,40}(?:\.|\\|::)){0,3}[A-Za-z_]?[A-Za-z0-9_]{0,40}\Z")
OWNER_REACH = 180
"""Characters before a client call's parenthesis its owner's dotted name may take."""


def _sdk_clients(line: str) -> Iterator[tuple[str, str, str]]:
    """(the client's class or module, its first argument, "") of each SDK client call."""
    if "lient" not in line and "from_key" not in line:
        return
    for call in _SDK_CALL.finditer(line):
        end = call.start() + (8 if line.startswith("from_key", call.start()) else 6)
        owner = _OWNER.search(line, max(0, end - OWNER_REACH), end)
        if owner is not None:
            yield owner.group(), call.group("value"), ""


_DOCUMENTS = (".md", ".markdown", ".rst", ".txt", ".adoc")
_CODE_SPAN = lazy(r"`(?P<span>[^`\s]{3,512})`")


def _prose_pairs(line: str) -> Iterator[tuple[str, str, str]]:
    """A sentence's one credential name and each drawn value in code spans, either first
    ("The Cohere key for the workspace is `…` (it goes in `COHERE_API_KEY`)."), with the
    service the sentence names."""
    spans = [found.group("span") for found in _CODE_SPAN.finditer(line)]
    names = [span for span in spans if _IDENTIFIER.fullmatch(span) and _strength(span) == 2]
    if len(names) == 1:
        for span in spans:
            if span != names[0] and _VALUE_CELL.fullmatch(span):
                rest = line.replace(span, " ")
                yield names[0], span, provider_in(rest) or named_explicitly(rest)


_TABLES = (".csv", ".tsv")
_CELLS = lazy(r"[ \t]*(?:\"(?P<quoted>[^\"]*)\"|(?P<plain>[^,\t\"]*))[ \t]*(?:[,\t]|$)")


def _row_pairs(line: str) -> Iterator[tuple[str, str, str]]:
    """A spreadsheet row's credential name and each value in a cell after it
    (``DJANGO_SECRET_KEY,django,<key>,platform-team``), with the service a cell of its own
    names: an inventory of credentials, one per row, the name in one column and the value in
    a later one."""
    cells = [m.group("quoted") or m.group("plain") or "" for m in _CELLS.finditer(line)]
    names = [
        i for i, cell in enumerate(cells) if _IDENTIFIER.fullmatch(cell) and _strength(cell) == 2
    ]
    if len(names) == 1:
        name = cells[names[0]]
        for cell in cells[names[0] + 1 :]:
            if _VALUE_CELL.fullmatch(cell):
                yield name, cell, _row_owner(line, name, cell)


def _row_owner(line: str, name: str, value: str) -> str:
    """The service a row names in a cell of its own (``…,AssemblyAI,…``), or ""."""
    rest = line.replace(name, " ").replace(value, " ")
    owners = {provider_in(cell.strip(' \t"'), IN_NAMES) for cell in re.split(r"[,\t]", rest)}
    owners.discard("")
    return owners.pop() if len(owners) == 1 else ""


_IDENTIFIER = lazy(r"[A-Za-z][A-Za-z0-9_.-]{1,60}")
_VALUE_CELL = lazy(_DRAWN)

_CLOSING = (")", "]", "}")
_REQUEST = lazy(r"[A-Za-z0-9_]\([ \t]*[\"'`]https?://")
"""A call whose first argument is a URL: ``requests.get("https://…"``, ``fetch('https://…'``."""


def _own_name(line: str, secret: str) -> str:
    """The name ``secret`` is assigned to on ``line`` (``api_secret`` under ``twilio:``),
    "bearer" for a bearer header's, or "" (a value alone on its line)."""
    for found in _matches(line):
        if found.group("value") == secret:
            return _name(line, found) if "tail" in found.re.groupindex else "bearer"
    return ""


MATCHES_MEMO = 256
"""Lines whose ``_matches`` are remembered: the same text comes back under other paths (a
bundle copied into several directories: a third of what this detector read of laravel's
history), which the engine's memo, by line and path, does not catch; and ``provider_nearby``
reads the line ``find`` just read."""
MATCHES_MEMO_LINE = 8192
"""Characters of the longest line remembered: ``find`` reads a longer one in windows (the
engine's), and ``provider_nearby``'s whole line (up to a megabyte) is not worth keeping."""


def _matches(line: str) -> tuple[re.Match[str], ...]:
    """``_read(line)``, remembered for a line of up to ``MATCHES_MEMO_LINE`` characters."""
    return _read(line) if len(line) > MATCHES_MEMO_LINE else _remembered(line)


def _read(line: str) -> tuple[re.Match[str], ...]:
    """``_ASSIGNMENT``'s and ``_BEARER``'s matches in ``line``, tried only where they may
    start."""
    lowered = line.lower()
    if len(lowered) != len(line):  # a character whose lowercase is longer: offsets move
        return (*_ASSIGNMENT.finditer(line), *_BEARER.finditer(line))
    found: list[re.Match[str]] = []
    # every start is tried, inside an earlier match too: in key="Auth0ClientSecret"
    # value="…" the attribute's "key" takes the name for its value, and only the
    # "Secret" inside it pairs the name with the key. A minified line has thousands of
    # starts: the compiled patterns are called directly, and _BEARER only where one of its
    # words starts (it opens on one)
    assignment, bearer = _ASSIGNMENT.compiled.match, _BEARER.compiled.match
    for start in _STARTS.finditer(lowered):
        match = assignment(line, start.start())
        if match is not None:
            found.append(match)
        if start.group() in _SCHEMES:
            match = bearer(line, start.start())
            if match is not None:
                found.append(match)
    return tuple(found)


_remembered = functools.lru_cache(maxsize=MATCHES_MEMO)(_read)


def _prefix_owner(value: str) -> str:
    """The service a value's own words name, before its random part: ``shippo_live_…``,
    ``salad_cloud_org_…``."""
    prefix = PREFIX_WORDS.match(value)
    return provider_in(prefix.group().replace("-", "_"), IN_NAMES) if prefix else ""


def _whole_token(line: str, start: int, end: int) -> bool:
    """Whether the value at ``[start, end)`` is all of its token. A key's alphabet glued to
    ``@``, ``%``, ``$``, ``(``, ``#`` and the like, or to ``&`` inside quotes, is the start of
    something else (a password, an address, a format string), not a key: it is judged, if
    at all, by the generic detectors. ``&`` after a bare value ends a query parameter."""
    after = line[end] if end < len(line) else ""
    if after in _GLUE:
        return False
    return after != "&" or start == 0 or line[start - 1] not in "\"'`"


_GLUE = frozenset("@%^$(!*~|{[?#")
_NEXT_ITEM = lazy(r"[\"'][ \t]*,[ \t]*[\"']")


def _list_items(line: str, found: re.Match[str]) -> bool:
    """Whether a credential's name and the value after it are two items of a list of
    strings (a JSON schema's ``"required": [..., "usersOauth2AmazonSecret",
    "usersOauth2AppleAppid", ...]``): a comma alone between them, and another item after
    the value. A dictionary's entry or a call's arguments (``{ "AccountKey", "…" }``) end
    after the value."""
    between = line[found.end("tail") : found.start("value")]
    return "," in between and not any(c in between for c in ":=>") and bool(
        _NEXT_ITEM.match(line, found.end("value"))
    )


def _name(line: str, match: re.Match[str]) -> str:
    """The whole name whose credential word ``match`` opened on (``SHODAN_`` + ``API_KEY``),
    with the service's name before it when written apart (``Shodan key: …``, ``using
    shodan Token=…``, ``Shodan API key: …``): one word back, or two through a key's kind
    (``API``), and only a service's."""
    start = word_end = _name_start(line, match.start())
    lookup = _ENV_OBJECT.match(line, start)
    if lookup is not None:  # process.env.NAME: the variable's name is NAME
        return line[lookup.end() : match.end("tail")]
    for step in range(2):
        if word_end < 2 or line[word_end - 1] not in " \t":
            break
        before = _name_start(line, word_end - 1)
        word = line[before : word_end - 1]
        if before < word_end - 1 and provider_in(word, IN_NAMES):
            start = before
            break
        if step or word.lower() not in _KEY_KINDS:
            break
        word_end = before  # "API" in "Shodan API key": the service may be the word before
    return line[start : match.end("tail")]


_ENV_OBJECT = lazy(r"(?:process|import\.meta)\.env\.")
"""The object JavaScript reads environment variables from (Node's, Vite's)."""


def _name_start(line: str, end: int) -> int:
    start = end
    while start > 0 and line[start - 1] in _NAME_CHARS:
        start -= 1
    return start


def _in_reference(line: str, start: int) -> bool:
    """Whether the name starting at ``start`` is a segment of an ARN or a URN (read within
    ``REFERENCE_REACH`` characters: a line of "urn:"s must not cost a scan per segment)."""
    if not line.endswith(":", 0, start):
        return False
    word = _BLANK_OR_QUOTE.split(line[max(0, start - REFERENCE_REACH) : start])[-1]
    return word[:4].lower() in ("arn:", "urn:")


_CONTAINERS = frozenset(
    {
        "headers", "options", "opts", "config", "configuration", "settings", "params",
        "parameters", "auth", "authentication", "credentials", "creds", "secrets", "env",
        "environment", "integrations", "services", "providers", "keys", "tokens", "client",
        "api",
    }
)  # fmt: skip
"""Names of sections that hold any service's settings: no service's own block, so its
owner may be named above it (``fetch("https://api.mistral.ai/…", {`` over ``headers: {``)."""


def _container(line: str) -> bool:
    found = set(words(line))
    return bool(found) and found <= _CONTAINERS


def _header(line: str) -> bool:
    return bool(_COMMENT.fullmatch(line) or _SECTION.fullmatch(line))
