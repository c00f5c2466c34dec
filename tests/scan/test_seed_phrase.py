"""Wallet recovery phrases: a BIP-39 mnemonic drawn at run time blocks wherever code keeps
one; words outside the list, a broken checksum, a wrong length, fillers and the development
chains' published phrases do not."""

from __future__ import annotations

import random

import pytest
from mnemonic import Mnemonic

from pushguard.scan.secrets import fingerprint
from pushguard.scan.types import Finding
from tests.scan.test_catalogue import KEY, scan

RULE = "crypto-seed-phrase"
BIP39 = Mnemonic("english")


def phrase(seed: str, words: int = 12) -> str:
    entropy = random.Random(seed).getrandbits(words * 32 // 3).to_bytes(words * 4 // 3, "big")
    return BIP39.to_mnemonic(entropy)


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]


@pytest.mark.parametrize("words", [12, 15, 18, 21, 24])
@pytest.mark.parametrize(
    ("path", "template"),
    [
        (".env", "MNEMONIC={phrase}\n"),
        ("hardhat.config.js", 'sepolia: {{ accounts: {{ mnemonic: "{phrase}" }} }},\n'),
        ("wallet.json", '{{"seed_phrase": "{phrase}"}}\n'),
        ("scripts/deploy.py", "RECOVERY_PHRASE = '{phrase}'\n"),
    ],
)  # fmt: skip
def test_a_recovery_phrase_blocks(path: str, template: str, words: int) -> None:
    secret = phrase(f"{path}/{words}", words)
    [finding] = blocking(scan(template.format(phrase=secret), path))
    assert (finding.rule, finding.provider, finding.confidence) == (RULE, "bip39", "high")
    assert finding.fingerprint == fingerprint(KEY, secret)
    assert secret not in finding.redacted


def _broken_checksum(secret: str) -> str:
    """The same phrase with its last word (which carries the checksum) swapped for one that
    fails it."""
    head = secret.rsplit(" ", 1)[0]
    for word in BIP39.wordlist:
        candidate = f"{head} {word}"
        if not BIP39.check(candidate):
            return candidate
    raise AssertionError("every last word passes")


@pytest.mark.parametrize(
    "make",
    [
        _broken_checksum,
        lambda s: " ".join(s.split(" ")[:11]),  # 11 words: no phrase is that long
        lambda s: s.replace(s.split(" ")[3], "pushguard"),  # a word outside the list
        lambda s: " ".join(["abandon"] * 11 + ["about"]),  # BIP-39's test vector, a filler
    ],
    ids=["checksum", "eleven-words", "foreign-word", "filler"],
)
def test_what_is_no_phrase_does_not_block(make: object) -> None:
    assert callable(make)
    text = make(phrase("negative"))
    assert blocking(scan(f'MNEMONIC="{text}"\n')) == []


def test_twelve_list_words_in_prose_are_no_phrase() -> None:
    """Words that happen to be the list's, in a sentence: the checksum turns them down."""
    rng = random.Random(8)
    while BIP39.check(text := " ".join(rng.sample(BIP39.wordlist, 12))):
        pass
    assert blocking(scan(f"# wallet notes: {text}\n", "NOTES.md")) == []
