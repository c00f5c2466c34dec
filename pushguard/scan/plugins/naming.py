"""Where code names the service a key belongs to (``named_key``): in the credential's own
name, on its line (a host, an API's URL, a comment saying "Mistral API key"), in the call or
object the key is an argument or member of (``CohereClient({ token: ... })``), in a section
header or a ``provider: ...`` setting above it.

A service whose name is also a word (``NAMED_ONLY``: together, cohere, mistral) counts only
where nothing but the service can be meant: in a credential's own name, a section's whole key,
as a key's owner, in an API's URL, as the name of the call or object holding the key.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.provider_names import NAMED_ONLY, PROVIDERS, QUALIFIED

_WORDS = lazy(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
# One token of a line: words joined by "_", "-" or camelCase (not by blanks or dots:
# "pandas.core" names no service, "api.shodan.io" names one in one of its parts)
_TOKEN = lazy(r"[A-Za-z0-9_-]+")


# What follows a service's name glued to it in one lowercase (or uppercase) word: a
# credential word, maybe after words saying which of the service's credentials it is
# ("shodanapikey", "VULTRAPIKEY", "airtablepersonalaccesstoken"), or the product's own suffix
# ("tatumio", "paydirtapp")
_KINDS = (
    "personal|access|project|admin|read|write|global|reference|bot|app|api|oauth2?"
    "|management|service|private|master|integration|server"
)
_GLUED_REST = lazy(
    rf"(?P<kinds>(?:{_KINDS})*?)"
    r"(?P<credential>apikey|apitoken|accesstoken|authtoken|accesskey|secretkey|token|secret|key)"
    r"|(?P<product>io|app|hq|api)"
)
_GLUED_KINDS = lazy(_KINDS)
_GLUED_ENDS = ("key", "token", "secret", "io", "app", "hq", "api")


GLUED_MAX = 48
"""Characters a glued name can have (the longest service's name and "accesstoken"): a longer
run of letters, a minified line's or a base64 blob's, is not split, each try would cost a
pass over it."""


def _unglued(word: str) -> list[str] | None:
    """A lowercase ``word`` as the service's name that starts it (the longest) and the
    words glued after it, or None where no service starts it so."""
    if not 6 < len(word) <= GLUED_MAX or not word.endswith(_GLUED_ENDS):
        return None
    for cut in range(len(word) - 2, 2, -1):
        if word[:cut] in IN_NAMES and (rest := _GLUED_REST.fullmatch(word[cut:])) is not None:
            if rest["product"]:
                return [word[:cut], rest["product"]]
            return [word[:cut], *_GLUED_KINDS.findall(rest["kinds"]), rest["credential"]]
    return None


def case_parts(text: str) -> list[str]:
    """``text``'s runs of letters of one case (a capital before lowercase joins them) and
    of digits, as written: ``defaultToConfig2``: default, To, Config, 2."""
    return _WORDS.findall(text)


def words(text: str) -> list[str]:
    """The lowercase words of a name or line: snake_case, kebab-case, dotted and camelCase,
    and a service's name glued to a credential word (``shodanapikey``: shodan, apikey;
    ``airtablepersonalaccesstoken``: airtable, personal, accesstoken) or to its product's
    suffix (``tatumio``: tatum, io)."""
    found: list[str] = []
    for word in case_parts(text):
        word = word.lower()
        found += _unglued(word) or [word]
    return found


IN_NAMES = PROVIDERS | NAMED_ONLY
"""The services a credential's own name may name (``NAMED_ONLY``: words elsewhere)."""


def provider_in(text: str, known: frozenset[str] = PROVIDERS) -> str:
    """The service of ``known`` that ``text`` names (a host, a comment), or "": the longest
    name from the first word that starts one (``OPEN_WEATHER_MAP`` -> openweathermap, not
    openweather; ``AZURE_DEVOPS_PAT`` -> azuredevops)."""
    for token in _TOKEN.findall(text):
        parts = words(token)
        for start in range(len(parts)):
            joined = found = ""
            for word in parts[start : start + 4]:
                joined += word
                if joined in known:
                    found = joined
            if found:
                return QUALIFIED.get(found, found)
    return ""


_PHRASE = lazy(
    r"(?i:(?<![A-Za-z0-9])(?P<name>[A-Za-z][A-Za-z0-9]{2,30})(?:[ _-]+ai)?[ _-]+(?:api[ _-]+)?"
    r"(?:key|token|secret|credential)s?(?![A-Za-z0-9]))"
)
"""A service named as a key's owner: "Mistral API key", "Together AI token", "cohere_key"."""
# a URL's host, and the path after it (looked at, not consumed: the next URL may start in it)
_URL = lazy(r"https?://(?P<host>[A-Za-z0-9.-]+)(?=(?P<path>/[A-Za-z0-9_./-]*)?)")
# a map's key, an INI section's name, an XML element's, a Ruby symbol's (":mistral => {")
_SECTION_KEY = lazy(r"[ \t]*[\[<:]?[\"']?(?P<key>[A-Za-z0-9_.-]+)")
HCL_BLOCK = r'[ \t]*[A-Za-z_][A-Za-z0-9_-]*(?P<labels>(?:[ \t]+"[^"\n]+")+)[ \t]*\{[ \t]*'
"""A Terraform (HCL) block's header and its labels: ``provider "mistral" {``."""
_HCL_BLOCK = lazy(HCL_BLOCK)
ELIXIR_CONFIG = (
    r"[ \t]*config[ \t]+:(?P<app>[a-z_][a-z0-9_]*)"
    r"(?:,[ \t]*(?::(?P<atom>[a-z_][a-z0-9_]*)|(?P<module>[A-Z][A-Za-z0-9_.]*)))?,[ \t]*"
)
"""An Elixir application's config call, opening its keyword list on the lines below:
``config :my_app, :mistral,`` (the key, or a module, names the block)."""
_ELIXIR_CONFIG = lazy(ELIXIR_CONFIG)


def named_explicitly(text: str) -> str:
    """The service ``text`` names in a way no common word is named, or "": as a key's
    owner ("Mistral API key"), or as a label of a URL's host (``https://api.mistral.ai``).
    For services whose names are words too (``NAMED_ONLY``: together, cohere, mistral), which
    count elsewhere only in a credential's own name."""
    for phrase in _PHRASE.finditer(text):
        found = provider_in(phrase.group("name"), IN_NAMES)
        if found:
            return found
    for url in _URL.finditer(text):
        for label in url.group("host").split("."):
            found = provider_in(label, IN_NAMES)
            if found:
                return found
    return ""


_API_DOMAINS = {"datadoghq": "datadog"}
"""Domains a service's API is served under that are not its name (``api.datadoghq.com``,
``api.us5.datadoghq.com``), by the service."""
_TENANT_PLATFORMS = (
    ".vercel.app", ".netlify.app", ".fly.dev", ".railway.app", ".onrender.com",
    ".herokuapp.com", ".pages.dev", ".workers.dev", ".github.io", ".web.app",
    ".firebaseapp.com", ".azurewebsites.net", ".appspot.com", ".run.app",
)  # fmt: skip
"""Hosting platforms whose subdomains are their customers' apps, not the platform's API."""
_VERSIONED = lazy(r"/v[0-9]+(?:/|$)")
"""A versioned path (``https://inference.baseten.co/v1``): an API's."""
_BASE_URL = lazy(
    r"(?i:(?<![A-Za-z0-9])[\"':]?(?:base[_-]?ur[li]|api[_-]?(?:base|ur[li])|endpoint)[\"']?)"
    r"[ \t]*(?:=>|[:=])"
)
"""A setting that declares its URL an API's base: ``base_url``, ``BaseUrl``, ``api_base``,
``endpoint``."""
_TENANT_APIS = {
    ".openai.azure.com": "azureopenai",
    # Alibaba Cloud's Model Studio (Qwen), under the cloud's shared domain
    "dashscope.aliyuncs.com": "dashscope",
    "dashscope-intl.aliyuncs.com": "dashscope",
    ".okta.com": "okta",
    ".oktapreview.com": "okta",
    ".okta-emea.com": "okta",
}
"""Host suffixes of a service's per-tenant API endpoints, by the service whose keys they take:
an Azure OpenAI resource is ``https://<resource>.openai.azure.com/``, and the keys beside
it are that resource's (Azure's, not OpenAI's ``sk-`` keys), even under ``OPENAI_API_KEY``;
an Okta organisation answers its API at ``https://<org>.okta.com/``."""


def api_url_owner(text: str) -> str:
    """The service whose API a URL in ``text`` calls, or "": a host under ``api.``
    (``https://api.shodan.io/...``), a path under ``/api`` or a version (``https://app.
    scrapingbee.com/api/v1``, ``/v1``), or any URL a setting declares an API's base
    (``base_url: https://inference.baseten.co``), named by the label before its top-level
    domain. Not any URL: a tenant's host on a platform (``ripple-cloud.vercel.app``) names
    the platform, not whose key is beside it, except on the platforms whose tenants' hosts
    are API endpoints (``_TENANT_APIS``)."""
    return _url_owner(text, declared=_BASE_URL.search(text) is not None)


_URL_SETTING = lazy(r"(?i:(?<![A-Za-z0-9_])[\"']?ur[li][\"']?)[ \t]*(?:=>|[:=])")
"""A request's ``url`` or ``uri`` setting: an HTTP node's in an n8n workflow, Ansible's
``uri`` module, a client's settings."""


def request_url_owner(text: str) -> str:
    """The service whose API a ``url``/``uri`` setting in ``text`` calls (``"url":
    "https://api.mistral.ai/v1/chat/completions"``), or ""."""
    return api_url_owner(text) if _URL_SETTING.search(text) is not None else ""


def declared_api_owner(text: str) -> str:
    """The service whose API a setting in ``text`` declares its base (``API_URL =
    "https://api.assemblyai.com/v2"``, ``base_url: ...``), or ""."""
    return _url_owner(text, declared=True) if _BASE_URL.search(text) is not None else ""


def _url_owner(text: str, *, declared: bool) -> str:
    """``api_url_owner``, told whether ``text`` declares its URL an API's base."""
    for url in _URL.finditer(text):
        host = url.group("host").lower()
        for suffix, owner in _TENANT_APIS.items():
            if host.endswith(suffix):
                return owner
        if host.endswith(_TENANT_PLATFORMS):
            continue  # a customer's app on a platform: its API is not the platform's
        labels = host.split(".")
        path = url.group("path") or ""
        api = (
            declared
            or "api" in labels[:-2]
            or path.startswith("/api")
            or _VERSIONED.match(path) is not None
        )
        domain = _API_DOMAINS.get(labels[-2], labels[-2]) if len(labels) >= 2 else ""
        found = provider_in(domain, IN_NAMES) if api and domain else ""
        if found:
            return found
    return ""


_IMPORT = lazy(
    r"[ \t]*(?:from[ \t]+(?P<py_from>[A-Za-z0-9_.]+)[ \t]+import\b"
    r"|import[ \t]+(?P<py>[A-Za-z0-9_.]+)[ \t]*(?:as[ \t]+\w+[ \t]*)?$"
    r"|(?:import|export)\b.*\bfrom[ \t]+[\"'](?P<js>[^\"']+)[\"']"
    r"|.*\brequire\([ \t]*[\"'](?P<cjs>[^\"']+)[\"'][ \t]*\))"
)
"""A Python or JavaScript import of a module or package: ``from mem0 import MemoryClient``,
``import shodan``, ``import { fal } from "@fal-ai/client"``, ``require("@deepgram/sdk")``."""


_NOTEBOOK_SOURCE = lazy(r"[ \t]*\"(?P<code>.*?)(?:\\n)?\",?[ \t]*")
"""A line of a notebook cell's source as the .ipynb file keeps it: a JSON string."""


def imported_owner(line: str) -> str:
    """The service whose SDK ``line`` imports (``from serpapi import GoogleSearch``, also in
    a notebook's cell), or ""."""
    source = _NOTEBOOK_SOURCE.fullmatch(line)
    found = _IMPORT.match(source.group("code") if source is not None else line)
    if found is None:
        return ""
    module = next(group for group in found.groups() if group is not None)
    # a scoped package names its vendor first (@deepgram/sdk), a dotted module its top level
    top = module.lstrip("@").replace("/", ".").split(".")[0]
    return provider_in(top, IN_NAMES)


# The call or object a value sits in, still open before it on its line: CohereClient({ token:
# ..., ChatMistralAI(api_key=..., {"together": {"apiKey": ...
_OPEN_CALL = lazy(r"(?<![A-Za-z0-9_])(?P<owner>[A-Z][A-Za-z0-9_]*)\((?P<args>[^()]*)\Z")
_OPEN_OBJECT = lazy(r"[\"']?(?P<owner>[A-Za-z0-9_-]+)[\"']?[ \t]*[:=][ \t]*\{(?P<args>[^{}]*)\Z")
# A setting naming the service beside a key in the same block: "provider: mistral"
_SERVICE_SETTING = lazy(
    r"[ \t]*[\"']?(?:provider|vendor|service|platform|backend)[\"']?[ \t]*[:=][ \t]*"
    r"[\"']?(?P<owner>[A-Za-z0-9_-]+)[\"']?[ \t]*,?[ \t]*"
)


# A model routed to its provider, as LiteLLM, aider and many gateways write it:
# "model: mistral/mistral-large-latest", "model = 'together_ai/meta-llama/…'"
_ROUTED_MODEL = lazy(
    r"[ \t]*[\"']?model(?:_name)?[\"']?[ \t]*[:=][ \t]*[\"']?(?P<owner>[A-Za-z0-9_-]+)/[^\s\"']+"
    r"[\"']?[ \t]*,?[ \t]*"
)


def service_setting(line: str) -> str:
    """The service a ``provider: ...`` (vendor, service, platform, backend) setting names,
    or a model's route does (``model: mistral/…``), or ""."""
    setting = _SERVICE_SETTING.fullmatch(line) or _ROUTED_MODEL.fullmatch(line)
    return provider_in(setting.group("owner"), IN_NAMES) if setting is not None else ""


def enclosing_owner(before: str) -> str:
    """The service that the call or object a value is an argument or member of is named
    after, from the line up to the value (``before``), or ""."""
    for pattern in (_OPEN_CALL, _OPEN_OBJECT):
        for found in pattern.finditer(before):
            provider = provider_in(found.group("owner"), IN_NAMES)
            if provider:
                return provider
    return ""


_LOGIN_CALL = lazy(
    r"(?<![A-Za-z0-9_.])(?P<owner>[A-Za-z][A-Za-z0-9_]*)\."
    r"(?:login|auth|authenticate|configure|init|initialize|set_api_key|setApiKey)\([^()]*\Z"
)


def login_call_owner(before: str) -> str:
    """The service whose SDK module a login or configure call left open before a value is
    (``wandb.login(key=``, ``sdk.configure(key=`` of a service's module), or "": where its
    argument is a bare ``key``, the module says whose."""
    found = _LOGIN_CALL.search(before)
    return provider_in(found.group("owner"), IN_NAMES) if found is not None else ""


_DECLARATION = lazy(
    r"[ \t]*(?:(?:public|private|protected|internal|export|final|abstract|static|sealed|data"
    r"|open)[ \t]+)*(?:class|object|struct|interface|module|record)[ \t]+"
    r"(?P<owner>[A-Za-z_][A-Za-z0-9_]*)"
)
_CLIENT_WORDS = frozenset(
    {
        "client", "api", "service", "sdk", "config", "settings", "credentials", "provider",
        "connector", "integration", "gateway", "adapter", "wrapper", "keys", "auth",
    }
)  # fmt: skip
"""The last word of a class that wraps a service (``ShodanClient``): ``LinearRegression``
names no service."""


def declared_owner(line: str) -> str:
    """The service a class, struct or module declared on ``line`` is named after, alone or
    with a client's word after it (``public class ShodanClient {``), or "": its members'
    keys are that service's, as a call's arguments are (``enclosing_owner``)."""
    found = _DECLARATION.match(line)
    if found is None:
        return ""
    parts = words(found.group("owner"))
    if len(parts) > 1 and parts[-1] not in _CLIENT_WORDS:
        return ""
    return provider_in(found.group("owner"), IN_NAMES)


def section_owner(line: str) -> str:
    """The service a section header is named after (``[mistral]``, ``cohere:``,
    ``"together": {``, ``<mistral>``, ``:mistral => {``, ``provider "mistral" {``,
    ``config :app, :mistral,``): the whole key, as a credential's own name is read."""
    block = _HCL_BLOCK.fullmatch(line)
    if block is not None:  # by its labels: the provider's, a resource's type
        return provider_in(block.group("labels"), IN_NAMES)
    config = _ELIXIR_CONFIG.fullmatch(line)
    if config is not None:  # by its key, else by the application's own name
        named = config.group("atom") or config.group("module") or config.group("app")
        return provider_in(named.replace(".", "_"), IN_NAMES)
    key = _SECTION_KEY.match(line)
    return provider_in(key.group("key"), IN_NAMES) if key is not None else ""
