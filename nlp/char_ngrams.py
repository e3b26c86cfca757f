"""Hashed character n-grams of texts: what the heads read beside, or instead of, the static vectors.

2 to 5 characters within words (each word lower-cased and framed by spaces, as scikit-learn's `char_wb`),
hashed into 65,536 columns by integer arithmetic on the code points (the same columns on every machine),
log counts times each column's idf, unit rows. On the heads' held-out splits they beat the static vectors
for English sentiment (macro-F1 0.733 against 0.682) and English promotion (F1 0.92 against 0.80); beside
them, French promotion (0.97 against 0.95).
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from sklearn.preprocessing import normalize

_BITS = 16
N_FEATURES = 2**_BITS
NGRAMS = (2, 5)
_GAP = 0  # between framed words: no n-gram spans it (a text's code points are never 0 once framed)
_MULTIPLIER = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of the product are well spread


def ngram_counts(texts: list[str]) -> csr_matrix:
    """How often each hashed n-gram occurs in each text (one row a text)."""
    # Every text's words, framed (" word "), one gap between words and between texts, as one array of code
    # points: the n-grams of all texts in a few array operations (0.15 ms a post) instead of a Python loop per
    # n-gram (0.7 ms a post through scikit-learn's HashingVectorizer).
    framed = ["\0".join(f" {word} " for word in text.replace("\0", " ").lower().split()) for text in texts]
    lengths = np.fromiter((len(text) + 1 for text in framed), dtype=np.int64, count=len(framed))
    codes = np.frombuffer("\0".join(framed).encode("utf-32-le") + b"\0\0\0\0", dtype="<u4").astype(np.uint64)
    rows_of_codes = np.repeat(np.arange(len(framed)), lengths)
    rows, columns = [], []
    hashed, valid = codes.copy(), codes != _GAP
    for n in range(2, NGRAMS[1] + 1):
        hashed = hashed[:-1] * _MULTIPLIER + codes[n - 1 :]
        valid = valid[:-1] & (codes[n - 1 :] != _GAP)
        if n >= NGRAMS[0]:
            keep = np.flatnonzero(valid)
            rows.append(rows_of_codes[keep])
            columns.append(((hashed[keep] + np.uint64(n)) * _MIX) >> np.uint64(64 - _BITS))
    rows, columns = np.concatenate(rows), np.concatenate(columns).astype(np.int64)
    counts = coo_matrix((np.ones(rows.size, dtype=np.float32), (rows, columns)), shape=(len(texts), N_FEATURES)).tocsr()
    counts.sum_duplicates()
    return counts


def idf_of(counts: csr_matrix) -> np.ndarray:
    """Each column's smoothed inverse document frequency over these texts (scikit-learn's formula)."""
    documents = np.bincount(counts.indices, minlength=counts.shape[1])
    return (np.log((1 + counts.shape[0]) / (1 + documents)) + 1).astype(np.float32)


def weighted(counts: csr_matrix, idf: np.ndarray) -> csr_matrix:
    """The counts as a head reads them: 1 + log(count), times the column's idf, each row of unit length."""
    rows = counts.copy()
    rows.data = (1 + np.log(rows.data)) * idf[rows.indices]
    return normalize(rows, copy=False)
