"""Legacy Firebase Cloud Messaging server keys: ``AAAA`` + 7 characters, ``:APA91b`` + 134
(120 to 150 allowed), all of ``[A-Za-z0-9_-]``.

``:APA91b`` is what every key of FCM's (and GCM's before it) legacy HTTP API carries; a
device's registration token has it too but starts with its instance id, not ``AAAA`` + 7. A
server key sends push notifications to every user of the app. Google has been turning the
legacy API off since July 2024; the key still blocks, since the text cannot say whether the
project's sender still accepts it.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, DASH_BEFORE, RegexDetector


class FcmServerKey(RegexDetector):
    rule = "firebase-cloud-messaging-server-key"
    prefilter = r":apa91b"
    patterns = (
        lazy(DASH_BEFORE + r"AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{120,150}" + DASH_AFTER),
    )
