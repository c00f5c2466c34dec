"""JFrog Artifactory API keys: ``AKCp`` and 69 letters and digits, what a user's profile
page generated until JFrog replaced them with access tokens (existing keys keep working
where an administrator has not disabled them). Build tools send them in
``X-JFrog-Art-Api`` or as the password of their user; a key reads and deploys every
artifact its user may.

detect-secrets' Artifactory plugin wants a blank, ``=``, ``:`` or a double quote around
the key, so one in single quotes (a PHP array, a Groovy string) went unreported; the prefix
and length are JFrog's alone, so the key blocks wherever it is written.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class ArtifactoryApiKey(RegexDetector):
    rule = "artifactory-api-key"
    prefilter = r"akcp[a-z0-9]{69}"
    patterns = (lazy(WORD_BEFORE + r"AKCp[A-Za-z0-9]{69}" + WORD_AFTER),)
    mixed_body = "AKCp"
