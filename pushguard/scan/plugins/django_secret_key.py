"""Django's ``SECRET_KEY``: 50 characters that ``django-admin startproject`` and
``get_random_secret_key()`` draw from lowercase letters, digits and ``!@#$%^&*(-_=+)``.

The key signs sessions, password-reset links, messages and anything else Django signs: with
it, a session cookie can be forged. That alphabet with all three kinds of character in it is
Django's generator's mark, so the value is found wherever ``SECRET_KEY`` names it: the
settings module, a ``DJANGO_SECRET_KEY`` in a dotenv file, the default of an environment
lookup (``os.environ.get("SECRET_KEY", "...")``, where the fallback is the real key), and a
setting under a name in any case, quoted or not (a workflow's ``DJANGO_SECRET_KEY:``,
Ansible's ``django_secret_key:``, a Helm chart's ``secretKey:``, INI's ``secret_key =``),
and any other assignment a name holding ``secret_key`` is given (a Pydantic field's
``django_secret_key: str = "..."``, Make's ``?=``, docs' ``DJANGO_SECRET_KEY is ...``).

``startproject`` since Django 3.2 writes ``django-insecure-`` before the key, so that
``check --deploy`` flags it: a key meant for development, which warns. Rotate: a new key in
the deployment (``SECRET_KEY_FALLBACKS`` keeps sessions valid meanwhile).
"""

from __future__ import annotations

from collections.abc import Iterator

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, NAME_BEFORE, digits_and_letters
from pushguard.scan.types import Match

_SYMBOLS = "!@#$%^&*(-_=+)"
_VALUE = r"(?P<secret>(?:django-insecure-)?[a-z0-9!@#$%^&*(\-_=+)]{50})"
_KEYS = (
    # quoted: the settings module, app.config["SECRET_KEY"] = ..., a lookup's default
    lazy(r"SECRET_KEY(?![A-Za-z0-9_])['\"\]]*[^'\"\n]{0,80}?(?P<q>['\"])" + _VALUE + r"(?P=q)"),
    # a dotenv file's DJANGO_SECRET_KEY=...
    lazy(r"SECRET_KEY[ \t]*=[ \t]*" + _VALUE + r"[ \t\r]*$"),
    # a setting in any case, quoted or not: YAML (a workflow's env, Ansible's vars, a Helm
    # chart's secretKey), INI, tfvars
    lazy(
        r"(?i:secret[_.-]?key)(?![A-Za-z0-9_])['\"]?[ \t]*(?:=>|[:=])[ \t]*(?P<q>['\"]?)"
        + _VALUE
        + r"(?P=q)(?![a-z0-9!@#$%^&*(\-_=+)])"
    ),
    # any other assignment of a name holding secret_key: a type between (Pydantic's
    # "django_secret_key: str = "), Make's ?=, docs' "is", a notebook's escaped quotes
    lazy(
        NAME_BEFORE
        + r"(?i:[a-z0-9_]{0,40}secret[_.-]?key)"
        + ASSIGNED
        + _VALUE
        + r"(?![a-z0-9!@#$%^&*(\-_=+)])"
    ),
)
INSECURE_PREFIX = "django-insecure-"
DEVELOPMENT_KEY = "a key startproject marks as insecure (django-insecure-): meant for development"


class DjangoSecretKey:
    rule = "django-secret-key"
    blocking = True
    # third-party Django apps ship test settings with a key of their own: those warn
    catch_all = "Django secret key"
    prefilter = r"secret[_.-]?key"

    def find(self, line: str, path: str) -> Iterator[Match]:
        for found in (match for key in _KEYS for match in key.finditer(line)):
            secret = found.group("secret")
            body = secret.removeprefix(INSECURE_PREFIX)
            if not _drawn(body) or false_positive_reason(secret, line, path) is not None:
                continue
            if secret.startswith(INSECURE_PREFIX):
                yield Match(secret, blocking=False, reason=DEVELOPMENT_KEY)
            else:
                yield Match(secret)


def _drawn(body: str) -> bool:
    """Letters, digits and symbols all in it, as in a draw from Django's alphabet (one
    without a symbol comes once in 14 million draws, without a digit once in 70,000)."""
    return digits_and_letters(body) and any(c in _SYMBOLS for c in body)
