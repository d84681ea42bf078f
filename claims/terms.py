"""The bag of terms a claim is matched on, computed from its extracted features.

It is computed when a story is linked rather than stored with the claim: rebuilding it
costs about as much as decoding it from JSON would, and the stored features stay small.

Terms: the normalised content words (see claims.extraction), name parts prefixed with
"@" (weighted up: names say what a claim is about), pairs of neighbouring content words
joined by "~" (a shared pair such as "joint~statement" is stronger evidence than its two
words apart), full multi-word names, resolved dates prefixed with "date:" (a month also
gives its year), clock times prefixed with "time:" (minutes after midnight, UTC with a "z"
when a zone is given; and "qty:clock" for any time, so that the same moment in two
zones matches), and the kind of each quantity prefixed with "qty:" (its currency or
dimension: "qty:eur", "qty:percent"; or "qty:#" and the noun it counts, "40 homes"), so
that two statements of one amount match even when their values differ.
"""

from __future__ import annotations

import functools
from itertools import pairwise
from typing import Any

from claims.extraction import normalise_word
from claims.lexicon import NAME_NOUNS, PLACE_VARIANTS, SYNONYM_SETS, TITLES
from claims.numbers import currency_kind

NAME_BOOST = 1.5
QUANTITY_BOOST = 2.0
BIGRAM_BOOST = 0.5
TITLE_NORMS = frozenset(normalise_word(title) for title in TITLES) - {""}


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
    for number in features.get("numbers", []):
        kind = quantity_kind(number)
        if kind:
            bag[kind] = QUANTITY_BOOST
    for item in features.get("dates", []):
        if item.get("key"):
            bag["date:" + item["key"]] = 1.0
            if item.get("grain") == "month":
                bag["date:" + item["key"][:4]] = 1.0  # "June 2021" is in 2021
        elif item.get("weekday"):
            bag["date:" + item["weekday"]] = 1.0
    for item in features.get("times", []):
        # When it happened, whatever the zone: "1442 GMT" and "3.42am" local time.
        bag["qty:clock"] = QUANTITY_BOOST
        # The same moment: in UTC when a zone is given, else as the clock read.
        if item.get("utc") is not None:
            bag[f"time:{item['utc']}z"] = 1.0
        else:
            bag[f"time:{item['minutes']}"] = 1.0
    return bag


def quantity_kind(number: dict[str, Any]) -> str | None:
    """The term for what kind of quantity a number is, whatever its value: "4.5%" and "3
    per cent" both measure a share ("qty:percent"), "EUR 1.2 billion" and "€1.3bn" an
    amount in euros ("qty:eur"), "40 homes" and "45 homes" count homes ("qty:#home")."""
    if number.get("currency"):
        return "qty:" + currency_kind(number["currency"])
    if number.get("dim"):
        return "qty:" + number["dim"]
    if number.get("counts") and not number.get("ordinal") and float(number["base"]) > 2:
        return "qty:#" + number["counts"]  # "the two leaders" is no count
    return None


def entity_aliases(features: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Name-form terms of the claim -> the ``@`` terms of the entity they belong to.

    "Xi Jinping", "Vladimir Putin" and "President Xi" are the same people however rarely a
    story spells them out in full, so how common a name is in a story is how common its
    entity is: a part of a name, its word form and the full name all stand for the whole.
    Country parts ("Xi Jinping of China", "China-Russia Expo") are left out of an entity:
    they are entities of their own, and common ones; so are common nouns ("Expo",
    "Institute"), which say what the claim is about as any content word does.
    """
    left_out = _places() | concept_words()
    aliases: dict[str, set[str]] = {}
    for entity in features.get("entities", []):
        parts = [part for part in entity["parts"] if part not in left_out]
        if not parts:
            continue
        members = {"@" + part for part in parts} | {normalise_word(part) for part in parts}
        if len(entity["parts"]) > 1:
            members.add("@" + " ".join(entity["parts"]))
        for member in members - {""}:
            aliases.setdefault(member, set()).update("@" + part for part in parts)
    return {term: tuple(sorted(group)) for term, group in aliases.items()}


@functools.cache
def _places() -> frozenset[str]:
    return frozenset(PLACE_VARIANTS)


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
    """Every word of the general synonym sets, and the common nouns that end the names of
    buildings and places in a town ("Gisborne Airport"): such a name is not its town, and
    the noun says what the claim is about as any content word does."""
    return frozenset(word for group in SYNONYM_SETS for word in group) | NAME_NOUNS
