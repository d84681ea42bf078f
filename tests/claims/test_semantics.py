"""The sentence model (claims.semantics): the real all-MiniLM-L6-v2 weights run in NumPy."""

from __future__ import annotations

import numpy as np
import pytest

from claims import semantics
from claims.checks import sentence_model_installed
from claims.semantics import WordPiece, encode, similarity

pytestmark = pytest.mark.skipif(
    not semantics.available(), reason="the sentence model is installed by `make setup`"
)


def test_the_model_gives_the_reference_similarity_of_sentence_transformers():
    # sentence-transformers' all-MiniLM-L6-v2 gives 0.7553 for this pair (its model card's
    # example sentences); the NumPy forward pass must agree to the float16 storage.
    a, b, c = encode(
        ["A man is eating food.", "A man is eating a piece of bread.", "The new movie is awesome."]
    )
    assert similarity(a, b) == pytest.approx(0.7553, abs=2e-3)
    assert similarity(a, c) == pytest.approx(-0.046, abs=2e-3)


def test_vectors_are_unit_float16_and_cached_by_text():
    first, again = encode(["Putin landed in Beijing.", "Putin landed in Beijing."])
    assert first == again
    assert len(first) == semantics.DIMENSIONS * 2
    assert np.linalg.norm(semantics.as_array(first)) == pytest.approx(1.0, abs=1e-3)
    assert encode([]) == []


def test_paraphrases_of_one_fact_are_closer_than_other_facts_of_the_story():
    landed, forced, hurt = encode(
        [
            "The jet made an emergency landing near Perth on Sunday afternoon.",
            "The plane was forced to return to Perth airport shortly after take-off on Sunday.",
            "Fourteen passengers were hurt as they came down the emergency slides.",
        ]
    )
    assert similarity(landed, forced) > similarity(landed, hurt) + 0.1


def test_wordpiece_lowercases_strips_accents_and_splits_punctuation_and_rare_words():
    # Expected pieces as Hugging Face's `tokenizers` gives them with the model's
    # tokenizer.json (checked on every claim of the seeds and bench/devsets: identical).
    tokenizer = semantics._encoder().tokenizer
    vocab = {i: word for word, i in tokenizer.vocab.items()}

    def tokens(text: str) -> list[str]:
        return [vocab[i] for i in tokenizer.ids(text)]

    assert tokens("Café, naïve!") == ["cafe", ",", "naive", "!"]
    assert tokens("F-35") == ["f", "-", "35"]
    assert tokens("Tairāwhiti") == ["tai", "##ra", "##w", "##hiti"]
    assert tokens("北京") == ["北", "京"]
    assert tokens("x" * 101) == ["[UNK]"]
    assert isinstance(tokenizer, WordPiece)


def test_a_missing_model_means_no_vectors_and_a_system_check_warning(monkeypatch):
    monkeypatch.setattr(semantics, "model_dir", lambda: None)
    monkeypatch.setattr(semantics, "_encoder", lambda: None)
    assert encode(["Anything at all."]) == [None]
    assert similarity(None, b"") is None
    warnings = sentence_model_installed()
    assert [w.id for w in warnings] == ["claims.W001"]
    assert "words alone" in warnings[0].msg


def test_a_claim_longer_than_the_model_reads_is_cut_and_an_empty_one_still_encodes():
    tokenizer = semantics._encoder().tokenizer
    pieces = {i: piece for piece, i in tokenizer.vocab.items()}
    long = " ".join(["The council approved the budget after a long debate."] * 60)
    assert len(tokenizer.ids(long)) > semantics.MAX_TOKENS
    (vector,) = encode([long])
    assert len(vector) == semantics.DIMENSIONS * 2
    # The model reads the first MAX_TOKENS - 2 pieces (with [CLS] and [SEP]), no more.
    read = tokenizer.ids(long)[: semantics.MAX_TOKENS - 2]
    head = " ".join(pieces[i] for i in read).replace(" ##", "")
    assert tokenizer.ids(head) == read
    assert similarity(vector, encode([head])[0]) == pytest.approx(1.0, abs=1e-3)
    (empty,) = encode([""])
    assert np.isfinite(semantics.as_array(empty)).all()
