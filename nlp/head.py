"""Classifier heads over sentence embeddings: multinomial logistic regression, kept as plain arrays.

A head is an `.npz` file in nlp/heads/ (classes, weights, bias) with a JSON note beside it saying what it
was trained on, when, and how it scored on a held-out split; `portevoix train-heads` rebuilds them.
Loading needs numpy only: no pickles, nothing that runs code from a file. A head also keeps the vectors its
encoder gave a few fixed texts, so that vectors from another model, or another build of it, are caught
before the head reads them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HEADS = Path(__file__).parent / "heads"
# Texts whose vectors a head keeps from its training (its `probe`), in both languages and several registers.
PROBE_TEXTS = (
    "Thanks for the quick reply, the new phone works perfectly.",
    "Vol annulé, bagages perdus, personne ne répond : plus jamais !",
    "Use my code SUMMER20 for 20% off, link in bio #ad",
    "Le dernier album est sorti hier, je l'écoute en boucle.",
    "How do I set the timeout in the config file?",
    "bof",
)
PROBE_MIN_COSINE = 0.995  # fp32 vectors of one model agree to 1e-6 across machines; another model or build does not


@dataclass(frozen=True)
class LinearHead:
    classes: tuple[str, ...]
    weights: np.ndarray  # classes x dimensions
    bias: np.ndarray  # classes
    note: dict = field(default_factory=dict)
    # The direction every vector shares (first singular vector of the training vectors), taken out before the
    # linear scores: averaged token vectors all lean one way, which drowns what tells texts apart.
    common: np.ndarray | None = None
    probe: np.ndarray | None = None  # the vectors of PROBE_TEXTS the head was trained on

    def reads(self, encoder) -> bool:
        """Whether `encoder` gives the vectors this head learnt on (true for a head without a probe)."""
        if self.probe is None:
            return True
        vectors = encoder.encode(list(PROBE_TEXTS))
        return vectors.shape == self.probe.shape and float((vectors * self.probe).sum(axis=1).min()) >= PROBE_MIN_COSINE

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Rows of class probabilities (softmax of the linear scores), one row per vector."""
        scores = without_common(vectors, self.common) @ self.weights.T + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {"classes": np.array(self.classes), "weights": self.weights.astype(np.float32), "bias": self.bias.astype(np.float32)}
        for name in ("common", "probe"):
            if getattr(self, name) is not None:
                arrays[name] = getattr(self, name).astype(np.float32)
        np.savez_compressed(path, **arrays)
        path.with_suffix(".json").write_text(json.dumps(self.note, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "LinearHead":
        with np.load(path, allow_pickle=False) as data:
            note_file = path.with_suffix(".json")
            note = json.loads(note_file.read_text(encoding="utf-8")) if note_file.exists() else {}
            common, probe = (data[name] if name in data.files else None for name in ("common", "probe"))
            return cls(tuple(str(c) for c in data["classes"]), data["weights"], data["bias"], note, common, probe)


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
