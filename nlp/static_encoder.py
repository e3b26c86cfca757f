"""Static sentence vectors distilled from the sentence encoder: what the heads that read sentence vectors read
(the French promotion head, beside character n-grams).

Every token of the encoder's vocabulary is encoded once, alone between [CLS] and [SEP], by the model in fp32
(about 40 s on two cores, once: kept in the model cache); a text's vector is then the mean of its tokens' vectors, with no transformer
at run time (Model2Vec's idea: Tulkens and van Dongen, 2024). On the heads' held-out splits this cost
little against the full encoder when heads were first trained on it (sentiment EN macro-F1 0.685 against
0.703, promotion EN 0.914 against 0.920, promotion FR 0.956 against 0.920), at a few microseconds a post
instead of milliseconds.
The full encoder stays where the context decides: disambiguation, ordinary uses, use themes.
"""

from __future__ import annotations

import os
import threading
from itertools import chain
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from nlp.encoder import SentenceEncoder

MAX_TOKENS = 256  # a post's first 256 tokens: the mean hardly moves after that
_DISTIL_BATCH = 512


class StaticEncoder:
    """Mean of distilled token vectors, L2-normalised; `encode` has SentenceEncoder's shape."""

    def __init__(self, encoder: SentenceEncoder | None = None):
        self.encoder = encoder or SentenceEncoder()
        self._table: np.ndarray | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.encoder.name.split(":")[0] + ":static"

    @property
    def table(self) -> np.ndarray:
        """One vector per vocabulary id, distilled on first use and cached beside the ONNX file."""
        with self._lock:
            if self._table is None:
                path = self.encoder.cache_dir / f"{self.encoder.fingerprint}-static-fp32.npy"
                if not path.exists():
                    self._save(path, self._distil())
                self._table = np.load(path, allow_pickle=False)
            return self._table

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit vector per text; a text without a token gets the zero vector."""
        table = self.table
        if not texts:
            return np.zeros((0, table.shape[1]), dtype=np.float32)
        tokenized = self.encoder.tokenizer(list(texts), add_special_tokens=False, truncation=True, max_length=MAX_TOKENS, return_attention_mask=False, return_token_type_ids=False)["input_ids"]
        lengths = np.fromiter((len(ids) for ids in tokenized), dtype=np.int64, count=len(tokenized))
        flat = np.fromiter(chain.from_iterable(tokenized), dtype=np.int64, count=int(lengths.sum()))
        # Token counts per text as a sparse matrix, times the table: the sums without copying a row per token
        # (six times faster than gathering the rows and adding them up).
        counts = csr_matrix((np.ones(flat.size, dtype=np.float32), flat, np.concatenate(([0], np.cumsum(lengths)))), shape=(len(texts), table.shape[0]))
        sums = np.asarray(counts @ table, dtype=np.float32)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return sums / np.maximum(norms, 1e-9)

    def _distil(self) -> np.ndarray:
        # In fp32 through torch (pinned), not through the int8 ONNX model the rest of the analysis runs: the
        # quantised model changes with onnxruntime's version and the processor's int8 kernels, and the heads
        # learnt on this table: heads trained on an int8 table scored labelled English promotion 0.81 on one
        # int8 table and 0.75 on the fp32 one (cosine 0.987 between the tables).
        exact = self.encoder if self.encoder.backend == "torch" else SentenceEncoder(self.encoder.model, self.encoder.cache_dir, "torch", threads=self.encoder.threads)
        tokenizer = exact.tokenizer
        ids = np.arange(len(tokenizer), dtype=np.int64)
        rows = []
        for start in range(0, len(ids), _DISTIL_BATCH):
            chunk = ids[start : start + _DISTIL_BATCH]
            framed = np.stack([np.full_like(chunk, tokenizer.cls_token_id), chunk, np.full_like(chunk, tokenizer.sep_token_id)], axis=1)
            rows.append(exact.encode_token_ids(framed))
        return np.concatenate(rows).astype(np.float32)

    @staticmethod
    def _save(path: Path, table: np.ndarray) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial.npy")
        np.save(partial, table)
        os.replace(partial, path)  # atomic: a concurrent process sees the whole file or none
