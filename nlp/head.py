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

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Rows of class probabilities (softmax of the linear scores), one row per vector."""
        scores = vectors @ self.weights.T + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, classes=np.array(self.classes), weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32))
        path.with_suffix(".json").write_text(json.dumps(self.note, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "LinearHead":
        with np.load(path, allow_pickle=False) as data:
            note_file = path.with_suffix(".json")
            note = json.loads(note_file.read_text(encoding="utf-8")) if note_file.exists() else {}
            return cls(tuple(str(c) for c in data["classes"]), data["weights"], data["bias"], note)


def shipped_head(name: str) -> LinearHead | None:
    """The head shipped as nlp/heads/{name}.npz, or None when there is none."""
    path = HEADS / f"{name}.npz"
    return LinearHead.load(path) if path.exists() else None
