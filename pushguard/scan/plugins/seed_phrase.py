"""Wallet recovery phrases (BIP-39 mnemonics): 12 to 24 words from BIP-39's 2,048-word list,
the last of which carries a checksum. The phrase is the wallet: whoever reads it can move the
funds, and nothing revokes it (the funds must be moved to a new wallet).

Found where code keeps them (``MNEMONIC="..."``, Hardhat's ``accounts: {mnemonic: "..."}``,
a ``seed_phrase`` in JSON), as a run of lowercase words that are all in the list and whose
checksum holds (``mnemonic``, Trezor's reference implementation): English prose almost never
is made only of the list's words, and a run that is still fails the checksum 15 times in 16
(12 words) to 255 in 256 (24 words). The development chains' published phrases (Hardhat's,
Ganache's) are everyone's: known by their digests, they do not block.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from typing import Any

from pushguard.scan.lazyre import lazy
from pushguard.scan.types import Match

LENGTHS = frozenset({12, 15, 18, 21, 24})
# a run of 12 to 24 lowercase words of 3 to 8 letters (the list's), single-spaced
_RUN = lazy(r"(?<![A-Za-z])(?:[a-z]{3,8} ){11,23}[a-z]{3,8}(?![A-Za-z])")
PUBLIC = frozenset(
    {
        "b83e96417f61cb148d0dc8a89b839ee4",  # Ganache's and Truffle's default
        "f79cd64f9cea237897b8133e4b905b36",  # Hardhat's and Anvil's default
        "9c5d0a6656e5d3f36601d0bf98762be0",  # an early Truffle default
    }
)
"""sha256 prefixes of development chains' published phrases (no literal in the source)."""


@functools.cache
def _bip39() -> tuple[Any, frozenset[str]]:
    """BIP-39's English list, and its checker."""
    from mnemonic import Mnemonic  # imported on first use: most pushes never reach a phrase

    checker = Mnemonic("english")
    return checker, frozenset(checker.wordlist)


class SeedPhrase:
    rule = "crypto-seed-phrase"
    blocking = True
    # a word naming it, then within a few characters the run of words (the whole shape:
    # "seed" and "words" alone are on every other line of code)
    prefilter = "|".join(
        f"{word}[^\\n]{{0,40}}(?:[a-z]{{3,8}} ){{11}}[a-z]{{3,8}}"
        for word in ("mnemonic", "seed", "phrase", "recovery", "wallet", "words")
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        for run in _RUN.finditer(line):
            words = run.group().split(" ")
            if len(words) not in LENGTHS or len(set(words)) < len(words) // 2:
                continue  # a length no phrase has, or a repeated filler (test test ... junk)
            phrase = run.group()
            checker, wordlist = _bip39()
            if not wordlist.issuperset(words) or not checker.check(phrase):
                continue
            if hashlib.sha256(phrase.encode()).hexdigest()[:32] not in PUBLIC:
                yield Match(phrase, provider="bip39", confidence="high")
