"""Classifier heads over sentence embeddings: multinomial logistic regression, kept as plain arrays.

A head is an `.npz` file in nlp/heads/ (classes, weights, bias) with a JSON note beside it saying what it
was trained on, when, and how it scored on a held-out split; `portevoix train-heads` rebuilds them.
Loading needs numpy only: no pickles, nothing that runs code from a file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HEADS = Path(__file__).parent / "heads"


@dataclass(frozen=True)
class LinearHead:
    classes: tuple[str, ...]
    weights: np.ndarray  # classes x dimensions
    bias: np.ndarray  # classes
    note: dict = field(default_factory=dict)
    # The direction every vector shares (first singular vector of the training vectors), taken out before the
    # linear scores: averaged token vectors all lean one way, which drowns what tells texts apart.
    common: np.ndarray | None = None

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Rows of class probabilities (softmax of the linear scores), one row per vector."""
        scores = without_common(vectors, self.common) @ self.weights.T + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {"classes": np.array(self.classes), "weights": self.weights.astype(np.float32), "bias": self.bias.astype(np.float32)}
        if self.common is not None:
            arrays["common"] = self.common.astype(np.float32)
        np.savez_compressed(path, **arrays)
        path.with_suffix(".json").write_text(json.dumps(self.note, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "LinearHead":
        with np.load(path, allow_pickle=False) as data:
            note_file = path.with_suffix(".json")
            note = json.loads(note_file.read_text(encoding="utf-8")) if note_file.exists() else {}
            common = data["common"] if "common" in data.files else None
            return cls(tuple(str(c) for c in data["classes"]), data["weights"], data["bias"], note, common)


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
