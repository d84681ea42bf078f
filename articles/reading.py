"""What the reading views show, computed from plain data (no database here).

A claim's state in its story:
- diverging: linked as `diverge` to a claim of another article,
- corroborated: otherwise linked as `agree` to at least one,
- unique: neither; only its outlet reports it ("related" links do not corroborate).

Claim groups for the coverage matrix are the connected components of the agree and
diverge links: a claim together with everything linked to it.

Tag chips are drawn on the tag's own colour, so their text colour is chosen here: the one
of black and white that contrasts more with it, which always meets WCAG AA (4.5:1).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    CORROBORATED = "corroborated"
    DIVERGING = "diverging"
    UNIQUE = "unique"


MATCHING = ("agree", "diverge")


@dataclass(frozen=True, slots=True)
class Edge:
    """A visible link between two claims, as the reading views need it."""

    a: int
    b: int
    relation: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a sentence's text, inside a claim (claim set) or between claims."""

    text: str
    claim: int | None = None


def claim_states(claims: Iterable[int], edges: Iterable[Edge]) -> dict[int, State]:
    states = dict.fromkeys(claims, State.UNIQUE)
    for edge in edges:
        for claim in (edge.a, edge.b):
            if claim not in states:
                continue
            if edge.relation == "diverge":
                states[claim] = State.DIVERGING
            elif edge.relation == "agree" and states[claim] is State.UNIQUE:
                states[claim] = State.CORROBORATED
    return states


def pieces(text: str, offset: int, spans: Sequence[tuple[int, int, int]]) -> list[Piece]:
    """Split a sentence (starting at `offset` in its article) around its claims' spans.

    `spans` are (claim id, start, end) in article offsets; overlapping spans are
    clipped so every character appears exactly once.
    """
    result: list[Piece] = []
    cursor = offset
    for claim, start, end in sorted(spans, key=lambda s: (s[1], s[2])):
        start, end = max(start, cursor), min(end, offset + len(text))
        if start >= end:
            continue
        if start > cursor:
            result.append(Piece(text[cursor - offset : start - offset]))
        result.append(Piece(text[start - offset : end - offset], claim))
        cursor = end
    if cursor < offset + len(text):
        result.append(Piece(text[cursor - offset :]))
    return result


def mark(text: str, values: Iterable[str]) -> list[tuple[str, bool]]:
    """`text` cut into (run, is_marked) with every occurrence of each value marked."""
    spans = [
        match.span()
        for value in {v.strip() for v in values if v and v.strip()}
        for match in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.IGNORECASE)
    ]
    result: list[tuple[str, bool]] = []
    cursor = 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        if start > cursor:
            result.append((text[cursor:start], False))
        result.append((text[start:end], True))
        cursor = end
    if cursor < len(text) or not result:
        result.append((text[cursor:], False))
    return result


def oriented(differences: Sequence[Mapping[str, str]], *, flip: bool) -> list[dict[str, str]]:
    """Differences from the point of view of one claim: "mine" and "theirs"."""
    return [
        {
            "kind": d.get("kind", "other"),
            "mine": d.get("b" if flip else "a", ""),
            "theirs": d.get("a" if flip else "b", ""),
        }
        for d in differences
    ]


INK = {"dark": "#000000", "light": "#ffffff"}


def luminance(colour: str) -> float:
    """WCAG relative luminance of a `#rrggbb` colour (0 black, 1 white)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two `#rrggbb` colours, from 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def is_colour(value: str) -> bool:
    """Whether `value` is a `#rrggbb` colour (the only kind the tag chips draw)."""
    return re.fullmatch(r"#[0-9a-fA-F]{6}", value) is not None


def ink(colour: str) -> str:
    """The text colour ("dark" or "light") that reads best on a `colour` background."""
    if not is_colour(colour):
        return "dark"  # the chip keeps the page's own colours
    return max(INK, key=lambda name: contrast(INK[name], colour))


@dataclass(frozen=True, slots=True)
class TagChip:
    """A tag as the columns, the matrix and the panel show it: its name on its colour."""

    pk: int
    name: str
    colour: str  # "#rrggbb", or "" for a colour the chip cannot draw
    description: str = ""

    @classmethod
    def of(cls, pk: int, name: str, colour: str, description: str = "") -> TagChip:
        return cls(pk, name, colour if is_colour(colour) else "", description)

    @property
    def ink(self) -> str:
        return ink(self.colour)


def claim_groups(claims: Sequence[int], edges: Iterable[Edge]) -> list[list[int]]:
    """Connected components over agree/diverge edges, each sorted, in order of `claims`."""
    parent = {claim: claim for claim in claims}

    def find(claim: int) -> int:
        while parent[claim] != claim:
            parent[claim] = parent[parent[claim]]
            claim = parent[claim]
        return claim

    for edge in edges:
        if edge.relation in MATCHING and edge.a in parent and edge.b in parent:
            root_a, root_b = find(edge.a), find(edge.b)
            if root_a != root_b:
                parent[max(root_a, root_b)] = min(root_a, root_b)
    members: dict[int, list[int]] = defaultdict(list)
    for claim in claims:
        members[find(claim)].append(claim)
    position = {claim: i for i, claim in enumerate(claims)}
    return sorted(
        (sorted(group, key=position.__getitem__) for group in members.values()),
        key=lambda group: position[group[0]],
    )
