"""Azure's identifiable keys: the keys Azure services issue with Microsoft's marking for
secret scanners (microsoft/security-utilities: ``IdentifiableMetadata`` and its
high-confidence models).

Each is base64 of a fixed length with a four-character signature at a fixed place: ``+ACR``
(Container Registry), ``AzFu`` (Functions), ``ACDb`` (Cosmos DB), ``APIM`` (API
Management), ``+ASb``, ``+AEh`` and ``+ARm`` (Service Bus, Event Hubs, Relay), and more in
``_KINDS``. Their last four bytes are a Marvin32 checksum of the rest, seeded per kind of
key (``checksum.valid_azure_identifiable``): a key whose checksum fails is an edited copy,
still blocked at medium confidence as GitHub's are.

The newer "common annotated" keys (Azure AI services and OpenAI, Maps, Communication
Services, ...) are 84 letters and digits: ``JQQJ9`` at the 53rd character, and the
service's code at the 77th to 80th (``ACOG``: Cognitive Services, OpenAI among them).
Azure DevOps' (``AZDO``) are ``azure-devops-pat``'s.

The older keys of these services (Cosmos DB's and Storage's 88 characters, a Search key's
32 hex digits) carry no marking: they block beside their service's name, under
``azure-storage-key`` or ``named-provider-key``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from pushguard.scan.checksum import valid_azure_identifiable
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector
from pushguard.scan.types import Match


class _Kind(NamedTuple):
    rule: str
    seeds: tuple[int, ...]  # Marvin32 seeds: the kinds of key (read-only, master, ...)


_MESSAGING = (
    0x53656E6430303030,  # "Send0000"
    0x4C697374656E3030,  # "Listen00"
    0x4D616E6167653030,  # "Manage00"
    0x53797374656D3030,  # "System00"
    0x556E6B6E6F776E30,  # "Unknown0"
)
_KINDS = {
    # 39 bytes: 42 characters, the signature, [A-D], 5 characters
    "+ACR": _Kind("azure-container-registry-key", (0x41435244666C7430,)),
    "AzSe": _Kind("azure-search-key", (0x5175657279303030, 0x5041646D696E3030)),
    # 32 bytes: 33 characters, the signature, [A-P], 5 characters, "="
    "+ASb": _Kind("azure-service-bus-key", _MESSAGING),
    "+AEh": _Kind("azure-event-hubs-key", _MESSAGING),
    "+ARm": _Kind("azure-relay-key", _MESSAGING),
    "AIoT": _Kind("azure-iot-key", (0x496F544875623030, 0x4470734B65793030, 0x4465766963653030)),
    "AzCa": _Kind("azure-cache-for-redis-key", (0x4163636573733030,)),
    "AZEG": _Kind("azure-event-grid-key", (0x53656E6452656376,)),
    # 64 bytes: 76 characters, the signature, 5 characters, [AQgw], "=="
    "+ASt": _Kind("azure-storage-key", (0x44656661756C7430,)),
    "ACDb": _Kind(
        "azure-cosmos-db-key",
        (
            0x4D61737452573030,  # "MastRW00"
            0x4D617374524F3030,  # "MastRO00"
            0x5379737452573030,  # "SystRW00"
            0x53797374524F3030,  # "SystRO00"
            0x537973416C6C3030,  # "SysAll00"
            0x5265736F75723030,  # "Resour00"
            0x456E637279703030,  # "Encryp00"
        ),
    ),
    "+ABa": _Kind("azure-batch-key", (0x4162416363743030,)),
    "+AMC": _Kind("azure-machine-learning-key", (0x436C617373696330,)),
    "APIM": _Kind(
        "azure-api-management-key",
        (0x54656E616E743030, 0x496F544875623030, 0x4761746577793030, 0x4769744B65793030),
    ),
    # 40 bytes of base64url: 44 characters, the signature, 5 characters, [AQgw], "=="
    "AzFu": _Kind(
        "azure-functions-key", (0x46756E6374693030, 0x53797374656D3030, 0x4D61737465723030)
    ),
}
_ANNOTATED = {  # the service code of a common annotated key
    "ACOG": "azure-ai-services-key",
    "AZMP": "azure-maps-key",
    "AZCS": "azure-communication-services-key",
    "AZEG": "azure-event-grid-key",
    "AZAC": "azure-app-configuration-key",
    "AZFR": "azure-fluid-relay-key",
    "AZMR": "azure-mixed-reality-key",
}
ANNOTATED_RULE = "azure-annotated-key"  # a service code Microsoft had not published
RULES = tuple(
    dict.fromkeys((*(kind.rule for kind in _KINDS.values()), *_ANNOTATED.values(), ANNOTATED_RULE))
)

_B64 = "A-Za-z0-9+/"
_B62 = "A-Za-z0-9"
_NOT_BEFORE = rf"(?<![{_B64}_-])"
_NOT_AFTER = rf"(?![{_B64}_=-])"


def _signatures(*names: str) -> str:
    return "(?:" + "|".join(name.replace("+", r"\+") for name in names) + ")"


_PATTERNS = (
    lazy(
        rf"{_NOT_BEFORE}[{_B64}]{{42}}{_signatures('+ACR', 'AzSe')}"
        rf"[A-D][{_B64}]{{5}}{_NOT_AFTER}"
    ),
    lazy(
        rf"{_NOT_BEFORE}[{_B64}]{{33}}{_signatures('+ASb', '+AEh', '+ARm', 'AIoT', 'AzCa', 'AZEG')}"
        rf"[A-P][{_B64}]{{5}}={_NOT_AFTER}"
    ),
    lazy(
        rf"{_NOT_BEFORE}[{_B64}]{{76}}{_signatures('+ASt', 'ACDb', '+ABa', '+AMC', 'APIM')}"
        rf"[{_B64}]{{5}}[AQgw]=={_NOT_AFTER}"
    ),
    lazy(rf"{_NOT_BEFORE}[A-Za-z0-9_-]{{44}}AzFu[A-Za-z0-9_-]{{5}}[AQgw]=={_NOT_AFTER}"),
    lazy(
        rf"(?<![{_B62}])[{_B62}]{{52}}JQQJ9[9DH][{_B62}][A-L][{_B62}]{{16}}[A-Za-z][{_B62}]{{7}}"
        rf"(?:[{_B62}]{{2}}==)?(?![{_B62}=])"
    ),
)
_SIGNATURE_AT = {52: 42, 44: 33, 88: 76, 56: 44}  # where a base64 key's signature starts


class AzureIdentifiableKey(RegexDetector):
    rule = ANNOTATED_RULE
    rules = RULES
    # the signatures, and an annotated key's marking (prefilters are caseless)
    prefilter = "|".join(name.lower().replace("+", r"\+") for name in (*_KINDS, "JQQJ9"))
    patterns = _PATTERNS

    def find(self, line: str, path: str) -> Iterator[Match]:
        for match in super().find(line, path):
            key = match.secret
            if len(key) >= 84 and key[52:56] == "JQQJ":
                code = key[76:80]
                if code == "AZDO":
                    continue  # azure-devops-pat's
                yield match._replace(rule=_ANNOTATED.get(code, ANNOTATED_RULE))
                continue
            at = _SIGNATURE_AT[len(key)]
            kind = _KINDS[key[at : at + 4]]
            yield match._replace(
                rule=kind.rule, checksum_ok=valid_azure_identifiable(key, kind.seeds)
            )
