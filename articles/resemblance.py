"""Which existing story new articles resemble most: pure code over plain text.

    best = rank(profile(texts), {story_id: profile(story_texts), ...})[0]

A profile is the set of an article's content words (normalised as claim matching does:
stemmed, synonyms and place variants folded, function words dropped) and its names
(capitalised words inside a sentence, weighted up: who and where say what a story is
about). Stories are compared by cosine similarity of IDF-weighted profiles, IDF taken
over the candidate stories, so words every story uses ("said", "government") count for
little. The caller keeps the stories' texts short (titles and opening sentences).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from claims.extraction import normalise_word
from claims.tokens import tokenize

NAME_WEIGHT = 2.0
# Below this similarity no story is suggested: the new articles start a story of their own.
# Articles on the same event score 0.3 and more; the same topic on another day about 0.1.
MIN_SCORE = 0.18
REASON_TERMS = 6


@dataclass
class Profile:
    weights: dict[str, float] = field(default_factory=dict)
    surfaces: dict[str, str] = field(default_factory=dict)  # term -> a word as written

    def add(self, term: str, weight: float, surface: str) -> None:
        if weight > self.weights.get(term, 0.0):
            self.weights[term] = weight
        self.surfaces.setdefault(term, surface)


@dataclass(frozen=True)
class Suggestion:
    story_id: int
    score: float
    shared: list[str]  # the most telling shared words, as written in the new articles


def profile(texts: Iterable[str]) -> Profile:
    result = Profile()
    for text in texts:
        sentence_start = True
        for token in tokenize(text):
            if not token.is_word:
                sentence_start = token.text in ".!?\n“\"'"
                continue
            norm = normalise_word(token.lower)
            if norm and len(token.text) > 2:
                is_name = token.is_capitalised and not sentence_start
                result.add(norm, NAME_WEIGHT if is_name else 1.0, token.text)
            sentence_start = False
    return result


def rank(new: Profile, stories: Mapping[int, Profile]) -> list[Suggestion]:
    """Stories by similarity to `new`, best first; only those sharing any term."""
    if not new.weights or not stories:
        return []
    frequency: dict[str, int] = {}
    for story in stories.values():
        for term in story.weights:
            frequency[term] = frequency.get(term, 0) + 1
    count = len(stories)

    def idf(term: str) -> float:
        return math.log((count + 1) / (frequency.get(term, 0) + 0.5))

    new_vector = {t: w * idf(t) for t, w in new.weights.items()}
    new_norm = math.sqrt(sum(v * v for v in new_vector.values()))
    ranked = []
    for story_id, story in stories.items():
        shared = new.weights.keys() & story.weights.keys()
        if not shared:
            continue
        story_vector = {t: w * idf(t) for t, w in story.weights.items()}
        story_norm = math.sqrt(sum(v * v for v in story_vector.values()))
        dot = sum(new_vector[t] * story_vector[t] for t in shared)
        score = dot / (new_norm * story_norm) if new_norm and story_norm else 0.0
        telling = sorted(shared, key=lambda t: (-new_vector[t] * story_vector[t], t))
        words = [new.surfaces[t] for t in telling[:REASON_TERMS]]
        ranked.append(Suggestion(story_id, round(score, 3), words))
    ranked.sort(key=lambda s: (-s.score, s.story_id))
    return ranked
