"""The bag of terms a claim is matched on, computed from its extracted features.

It is computed when a story is linked rather than stored with the claim: rebuilding it
costs about as much as decoding it from JSON would, and the stored features stay small.

Terms: the normalised content words (see claims.extraction), name parts prefixed with
"@" (weighted up: names say what a claim is about), pairs of neighbouring content words
joined by "~" (a shared pair such as "joint~statement" is stronger evidence than its two
words apart), full multi-word names, and resolved dates prefixed with "date:".
"""

from __future__ import annotations

import functools
from itertools import pairwise
from typing import Any

from claims.extraction import normalise_word
from claims.lexicon import SYNONYM_SETS, TITLES

NAME_BOOST = 1.5
BIGRAM_BOOST = 0.5


def claim_terms(features: dict[str, Any]) -> dict[str, float]:
    """The claim's terms, each with a multiplier for its story IDF weight."""
    bag: dict[str, float] = {}
    content = [norm for _, norm in features.get("tokens", []) if norm]
    for norm in content:
        bag[norm] = 1.0
    for left, right in pairwise(content):
        if left != right:
            bag["~".join(sorted((left, right)))] = BIGRAM_BOOST
    for entity in features.get("entities", []):
        for part in entity["parts"]:
            bag["@" + part] = NAME_BOOST  # "the Kremlin" also gives "@moscow"
        if len(entity["parts"]) > 1:
            bag["@" + " ".join(entity["parts"])] = NAME_BOOST
    for item in features.get("dates", []):
        if item.get("key"):
            bag["date:" + item["key"]] = 1.0
        elif item.get("weekday"):
            bag["date:" + item["weekday"]] = 1.0
    return bag


def name_terms(features: dict[str, Any]) -> set[str]:
    """Norms of the words that name the claim's actors, titles included ("premier").

    A common noun inside a name ("Expo" in "Sino-Russian Expo", "Institute") still says
    what the claim is about, so words of the general synonym sets are left out.
    """
    concepts = concept_words()
    names = set()
    words = set()
    for entity in features.get("entities", []):
        words.update(entity["text"].split())
        for part in entity["parts"]:
            if part not in concepts:
                names.add(part)
                names.add(normalise_word(part))
    for surface, norm in features.get("tokens", []):
        lower = surface.lower()
        if norm and surface in words and (lower not in concepts or lower in TITLES):
            names.add(norm)
    return names


@functools.cache
def concept_words() -> frozenset[str]:
    """Every word of the general synonym sets."""
    return frozenset(word for group in SYNONYM_SETS for word in group)
