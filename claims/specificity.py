"""How specific a word is in general English, from spaCy's lexeme probability table.

Inverse document frequency within one story is noisy: in a story of fifty claims, "day"
and "annual" may each occur twice and would weigh the same. The unigram log-probabilities
that `spacy-lookups-data` ships (estimated on a large web corpus) tell everyday words
from specific ones, and matching multiplies a term's story IDF by this prior.

The table is large (a million words), so it is read once, lazily, on first use; if the
package is not installed every word counts as fully specific.
"""

from __future__ import annotations

import functools
import gzip
import json
from importlib import resources

# log-probability at or below which a word counts as fully specific, and the span over
# which specificity falls to its floor for the most common words.
SPECIFIC_AT = -12.0
SPAN = 7.0
FLOOR = 0.1


@functools.cache
def _log_probabilities() -> dict[str, float]:
    try:
        path = resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
        with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
            table: dict[str, float] = json.load(handle)
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    return table


@functools.cache
def specificity(word: str) -> float:
    """1.0 for rare or unknown words, down to FLOOR for the most common ones."""
    probability = _log_probabilities().get(word.lower())
    if probability is None:
        return 1.0
    return max(FLOOR, min(1.0, 1.0 - (probability - SPECIFIC_AT) / SPAN))
