"""Lambda Cloud API keys: ``secret_``, the key's name, ``_``, 32 hex characters, ``.`` and 32
letters and digits, as the Cloud dashboard shows a new key once. Code sends them as a bearer
token (or curl's ``-u KEY:``) to ``cloud.lambda.ai`` and to Lambda's OpenAI-compatible
inference API; a key launches and terminates GPU instances at the account's expense and
reads its file systems and SSH keys.

``secret_`` starts many names, but not one followed by 32 hex, a dot and 32 letters and
digits: the tail makes the format Lambda's.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class LambdaCloudApiKey(RegexDetector):
    rule = "lambda-cloud-api-key"
    prefilter = r"secret_[a-z0-9_-]{1,64}_[0-9a-f]{32}\.[a-z0-9]{32}"
    patterns = (
        lazy(
            WORD_BEFORE + r"secret_[A-Za-z0-9_-]{1,64}?_[0-9a-f]{32}\.[A-Za-z0-9]{32}" + WORD_AFTER
        ),
    )
