"""`portevoix train-heads`: trains the classifier heads on the labelled corpora and writes them to nlp/heads/.

Each head is a logistic regression (scikit-learn, balanced class weights) over static sentence vectors,
hashed character n-grams or both, fitted on 90% of its examples; the other 10% give the held-out figures
written in its JSON note.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Callable

import numpy as np

from nlp.static_encoder import StaticEncoder
from nlp.char_ngrams import idf_of
from nlp.head import FEATURES, HEADS, PROBE_TEXTS, Features, LinearHead, head_inputs
from nlp.training.corpora import Example, balanced, polarity_examples, promotional_examples, sentiment_examples
from nlp.training.package_docs import package_paragraphs

Say = Callable[[str], None]
HEAD_LANGUAGES = {"sentiment": ("en",), "promotional": ("en", "fr"), "polarity": ("fr",)}


# What each head reads, as measured on its held-out split (nlp/char_ngrams.py): the n-grams alone for English
# sentiment (macro-F1 0.733 against 0.682 on the static vectors) and promotion (F1 0.92 against 0.80), both side
# by side for French promotion (0.97 against 0.95 and 0.95); the n-grams for French reviews' polarity.
HEAD_FEATURES = {"sentiment_en": ("char-ngrams",), "promotional_en": ("char-ngrams",), "promotional_fr": ("static", "char-ngrams"), "polarity_fr": ("char-ngrams",)}


# A class with fewer examples is not learnt: balanced class weights would give each of them the weight of
# hundreds, and the head would learn their source's words (English sentiment had 3 "mixed" product reviews, and
# called other product reviews mixed at 0.99).
MIN_CLASS_EXAMPLES = 50


def learnable(examples: list[Example]) -> list[Example]:
    """The examples whose label has at least MIN_CLASS_EXAMPLES of them."""
    counts = Counter(e.label for e in examples)
    return [e for e in examples if counts[e.label] >= MIN_CLASS_EXAMPLES]


def train_heads(corpora: Path, output: Path = HEADS, encoder: StaticEncoder | None = None, per_source_label: int = 1500, say: Say = print) -> dict[str, dict]:
    """Train every head; returns each head's note (what it learnt from, held-out figures)."""
    encoder = encoder or StaticEncoder()
    notes = {}
    # Technical prose, a genre the datasets lack, is not promotion (nlp/training/package_docs.py).
    prose = [Example(text, "en", "other", "package_docs") for text in package_paragraphs()]
    sentiment = sentiment_examples(corpora)
    datasets = {"sentiment": sentiment, "promotional": promotional_examples(corpora) + prose, "polarity": polarity_examples(sentiment)}
    for task, languages in HEAD_LANGUAGES.items():
        for lang in languages:
            examples = learnable(balanced([e for e in datasets[task] if e.lang == lang], per_source_label))
            name = f"{task}_{lang}"
            say(f"{name}: {len(examples)} examples " + ", ".join(f"{label} {n}" for label, n in sorted(Counter(e.label for e in examples).items())))
            head = fit_head(examples, encoder, name, HEAD_FEATURES.get(name, ("static",)))
            head.save(output / f"{name}.npz")
            notes[name] = head.note
            say(f"{name}: held-out macro-F1 {head.note['held_out_macro_f1']:.3f}, accuracy {head.note['held_out_accuracy']:.3f}")
    return notes


def fit_head(examples: list[Example], encoder, name: str, features: tuple[str, ...] = ("static",), seed: int = 7) -> LinearHead:
    """A logistic regression over `features` of the texts: `encoder`'s vectors (anything with `encode` and
    `name`; their common direction taken out first), hashed character n-grams, or both. Its note gives the
    held-out figures."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score

    unknown = set(features) - set(FEATURES)
    if unknown:
        raise ValueError(f"unknown head features {sorted(unknown)} (known: {', '.join(FEATURES)})")
    shuffled = examples[:]
    random.Random(seed).shuffle(shuffled)
    cut = len(shuffled) * 9 // 10
    train, test = shuffled[:cut], shuffled[cut:]
    batch = Features([e.text for e in shuffled], encoder)
    common = np.linalg.svd(batch.vectors[:cut], full_matrices=False)[2][0] if "static" in features else None
    idf = idf_of(batch.counts[:cut]) if "char-ngrams" in features else None
    inputs = head_inputs(tuple(features), batch, common, idf)
    # The static vectors alone learn best a little more regularised (C 2); the n-grams' many columns less (C 4).
    model = LogisticRegression(max_iter=3000, C=2.0 if features == ("static",) else 4.0, class_weight="balanced")
    model.fit(inputs[:cut], [e.label for e in train])
    guessed = model.predict(inputs[cut:])
    truth = [e.label for e in test]
    note = {
        "head": name,
        "trained_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "encoder": "+".join(encoder.name if kind == "static" else kind for kind in features),
        "examples": len(train),
        "sources": dict(sorted(Counter(e.source for e in train).items())),
        "labels": dict(sorted(Counter(e.label for e in train).items())),
        "held_out_examples": len(test),
        "held_out_macro_f1": round(float(f1_score(truth, guessed, average="macro")), 4),
        "held_out_accuracy": round(float(accuracy_score(truth, guessed)), 4),
        "command": "portevoix train-heads --corpora ../shared/corpora",
    }
    classes = tuple(str(c) for c in model.classes_)
    weights, bias = model.coef_, model.intercept_
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: make it a two-row softmax
        weights = np.vstack([-weights[0] / 2, weights[0] / 2])
        bias = np.array([-bias[0] / 2, bias[0] / 2])
    fitted = LinearHead(classes, weights, bias, note, tuple(features), common, idf)
    return replace(fitted, probe=fitted.read(list(PROBE_TEXTS), encoder))
