"""Classifier heads: multinomial logistic regression over static sentence vectors, hashed character n-grams
(nlp/char_ngrams.py) or both side by side, kept as plain arrays.

A head is an `.npz` file in nlp/heads/ (classes, weights, bias, the features it reads and what they need)
with a JSON note beside it saying what it was trained on, when, and how it scored on a held-out split;
`portevoix train-heads` rebuilds them. Loading needs numpy only: no pickles, nothing that runs code from a
file. A head also keeps the probabilities it gave a few fixed texts when it was trained, so that features
from another model, or another build of it, are caught before the head reads them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack

from nlp.char_ngrams import ngram_counts, weighted

HEADS = Path(__file__).parent / "heads"
FEATURES = ("static", "char-ngrams")
# Texts whose probabilities a head keeps from its training (its `probe`), in both languages and several registers.
PROBE_TEXTS = (
    "Thanks for the quick reply, the new phone works perfectly.",
    "Vol annulé, bagages perdus, personne ne répond : plus jamais !",
    "Use my code SUMMER20 for 20% off, link in bio #ad",
    "Le dernier album est sorti hier, je l'écoute en boucle.",
    "How do I set the timeout in the config file?",
    "bof",
)
# fp32 vectors of one model and the hashed n-grams agree to 1e-6 across machines; another model or build does
# not (the int8 model's static vectors, at a cosine of 0.987, moved probabilities by more than 0.02).
PROBE_TOLERANCE = 0.005


class Features:
    """What heads read of one batch of texts, each kind computed once whichever heads ask for it."""

    def __init__(self, texts: list[str], static_encoder):
        self.texts, self.static_encoder = list(texts), static_encoder

    @cached_property
    def vectors(self) -> np.ndarray:
        return self.static_encoder.encode(self.texts)

    @cached_property
    def counts(self) -> csr_matrix:
        return ngram_counts(self.texts)


@dataclass(frozen=True)
class LinearHead:
    classes: tuple[str, ...]
    weights: np.ndarray  # classes x (the features' columns, side by side in the order of `features`)
    bias: np.ndarray  # classes
    note: dict = field(default_factory=dict)
    features: tuple[str, ...] = ("static",)
    # The direction every static vector shares (first singular vector of the training vectors), taken out before
    # the linear scores: averaged token vectors all lean one way, which drowns what tells texts apart.
    common: np.ndarray | None = None
    idf: np.ndarray | None = None  # of each hashed n-gram, over the training texts
    probe: np.ndarray | None = None  # the probabilities of PROBE_TEXTS when the head was trained

    def probabilities(self, features: Features) -> np.ndarray:
        """Rows of class probabilities (softmax of the linear scores), one row per text."""
        scores = np.asarray(head_inputs(self.features, features, self.common, self.idf) @ self.weights.T) + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def read(self, texts: list[str], static_encoder=None) -> np.ndarray:
        """The probabilities of these texts (`static_encoder` gives the static vectors, for a head that reads them)."""
        return self.probabilities(Features(texts, static_encoder))

    def reads(self, static_encoder) -> bool:
        """Whether this head gets back from these features what it gave when trained (true without a probe)."""
        if self.probe is None:
            return True
        found = self.read(list(PROBE_TEXTS), static_encoder)
        return found.shape == self.probe.shape and float(np.abs(found - self.probe).max()) <= PROBE_TOLERANCE

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {"classes": np.array(self.classes), "features": np.array(self.features), "weights": self.weights.astype(np.float32), "bias": self.bias.astype(np.float32)}
        for name in ("common", "idf", "probe"):
            if getattr(self, name) is not None:
                arrays[name] = getattr(self, name).astype(np.float32)
        np.savez_compressed(path, **arrays)
        path.with_suffix(".json").write_text(json.dumps(self.note, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "LinearHead":
        with np.load(path, allow_pickle=False) as data:
            note_file = path.with_suffix(".json")
            note = json.loads(note_file.read_text(encoding="utf-8")) if note_file.exists() else {}
            features = tuple(str(kind) for kind in data["features"]) if "features" in data.files else ("static",)
            common, idf, probe = (data[name] if name in data.files else None for name in ("common", "idf", "probe"))
            return cls(tuple(str(c) for c in data["classes"]), data["weights"], data["bias"], note, features, common, idf, probe)


def head_inputs(kinds: tuple[str, ...], features: Features, common: np.ndarray | None, idf: np.ndarray | None):
    """The rows a head's weights multiply: its kinds of features side by side, the static vectors without their
    `common` direction, the n-grams weighted by `idf`."""
    blocks = [without_common(features.vectors, common) if kind == "static" else weighted(features.counts, idf) for kind in kinds]
    if len(blocks) == 1:
        return blocks[0]
    return hstack([block if isinstance(block, csr_matrix) else csr_matrix(block) for block in blocks]).tocsr()


def without_common(vectors: np.ndarray, common: np.ndarray | None) -> np.ndarray:
    """The vectors as a head reads them: without the common direction (if any), unit length again."""
    if common is None:
        return vectors
    kept = vectors - np.outer(vectors @ common, common)
    return kept / np.maximum(np.linalg.norm(kept, axis=1, keepdims=True), 1e-9)


def shipped_head(name: str) -> LinearHead | None:
    """The head shipped as nlp/heads/{name}.npz, or None when there is none."""
    path = HEADS / f"{name}.npz"
    return LinearHead.load(path) if path.exists() else None
