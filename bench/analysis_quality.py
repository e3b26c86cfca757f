"""Analysis quality: `portevoix analyze` over real posts labelled by hand, scored per signal and language.

The labels (bench/data/posts_sample_labels.jsonl: ids and labels, no text) cover 1,242 posts: 342 drawn at
random, by source, then nine times 100 more drawn at random from the rest (60 English and 40 French, seed
20261202; 50 and 50, seeds 20261203 to 20261210), each labelled before the signals were read against it (the
fourth not read against at all), from ../shared/corpora/posts_sample.jsonl (tweets at airlines and about Apple and Google at SXSW,
tweets to the French operator Free, YouTube comments on music videos, French and English book, music and
product reviews, merchant reviews, Reddit, Bluesky and Mastodon posts). The texts are read from ../shared at
run time (where the sample gives two YouTube comments one id, the label's `text_sha1` names the one labelled),
sent to the real command without their language, and the JSONL it writes is scored:

  brand mentions     precision, recall, F1 over (post, brand) pairs, with bench/data/eval_watch.toml
  signals            precision, recall, F1 of score >= 0.5 against the label, per language
  sentiment          macro-F1 over the labels (positive, negative, neutral, mixed) found in each language, and
                     over positive, negative and neutral only (posts labelled mixed left out)
  95% intervals      of each F1, by resampling the posts (bootstrap, 1,000 draws): few positives, wide intervals
  talents named      of the endorsements found, how many name the labelled talent (the strongest one found)
  deviant uses       every post of the sample is analysed: those flagged as deviant uses are listed, to read
                     (the sample holds almost none, so each is likely a false alarm); then precision and
                     recall on bench/data/deviant_use_examples.jsonl, 40 texts written for it
                     (half unexpected uses, half ordinary uses and near misses, French and English)

    python bench/analysis_quality.py [--corpora]

With --corpora, every text of the labelled datasets is analysed too (46,000, 90 s more): the share of the texts
their writers rated negative that come out as recommendations (mostly mistakes) against the positive ones, and
the deviant uses flagged, listed.

The last line is one JSON object: `{"<signal>_f1_<lang>": ...}` for every signal and language, and the other
figures above (talents named, deviant uses flagged, with --corpora the recommendations' shares).
"""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from nlp.fold import fold  # noqa: E402  (the checkout's package, wherever the bench is run from)

DATA = ROOT / "bench" / "data"
CORPUS = ROOT.parent / "shared" / "corpora" / "posts_sample.jsonl"
SIGNALS = ("recommendation", "promotional", "sponsored", "talent_endorsement", "self_promotion")
THRESHOLD = 0.5
RESAMPLES = 1000


def load_labelled() -> tuple[list[dict], dict[str, str]]:
    labels = [json.loads(line) for line in (DATA / "posts_sample_labels.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    if not CORPUS.exists():
        sys.exit(f"the labelled texts are read from {CORPUS}, which is missing (../shared beside the checkout)")
    wanted = {row["id"] for row in labels}
    posts = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = {post["id"]: post["text"] for post in posts}  # every post (of an id given twice, the last)
    missing = wanted - texts.keys()
    if missing:
        sys.exit(f"{len(missing)} labelled posts are not in {CORPUS} (first: {sorted(missing)[0]})")
    # The sample gives a few YouTube comments of two files the same id: their labels name the text labelled.
    printed = {(post["id"], fingerprint(post["text"])): post["text"] for post in posts}
    for row in labels:
        if "text_sha1" in row:
            text = printed.get((row["id"], row["text_sha1"]))
            if text is None:
                sys.exit(f"no text of {row['id']} in {CORPUS} has the labelled fingerprint {row['text_sha1']}")
            texts[row["id"]] = text
    return labels, texts


def fingerprint(text: str) -> str:
    """The first 12 hex digits of the text's SHA-1: which of the texts sharing an id was labelled."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def deviant_in_the_wild(results: dict[str, dict], figures: dict[str, float], where: str = "sample") -> None:
    """The deviant uses found among every post of a set that holds almost none: each one printed with its use,
    to be read (a real repurposing, or a false alarm)."""
    flagged = [row for row in results.values() if row["signals"]["deviant_use"] >= THRESHOLD]
    figures[f"deviant_use_flagged_in_{where}"] = len(flagged)
    print(f"deviant uses flagged among all {len(results)} posts of the {where}: {len(flagged)}")
    for row in flagged:
        print(f"    {row['id']}: {row['use']!r}")


def corpora_texts() -> tuple[dict[str, str], dict[str, str]]:
    """Every text of the labelled datasets in ../shared/corpora (the heads' training sets, 46,000 texts), each
    once, and the sentiment its dataset gives it (ratings and annotators) where it gives one."""
    from nlp.training.corpora import promotional_examples, sentiment_examples

    first = {}  # each text's first example
    for example in sentiment_examples(CORPUS.parent) + promotional_examples(CORPUS.parent):
        first.setdefault(example.text, example)
    keys = {text: f"{example.source}:{number}" for number, (text, example) in enumerate(first.items())}
    sentiments = {keys[text]: example.label for text, example in first.items() if example.label in {"positive", "negative"}}
    return {key: text for text, key in keys.items()}, sentiments


def corpora_checks(figures: dict[str, float]) -> None:
    """What the datasets' own labels tell without labelling: recommendations in texts their writers rated
    negative are mostly mistakes (advice against, irony), in positive ones mostly right; deviant uses listed."""
    texts, sentiments = corpora_texts()
    results = run_analyze([{"id": key} for key in texts], texts)
    for label in ("negative", "positive"):
        keys = [key for key, value in sentiments.items() if value == label]
        flagged = sum(results[key]["signals"]["recommendation"] >= THRESHOLD for key in keys)
        figures[f"recommendation_share_of_{label}_corpora"] = flagged / len(keys)
        print(f"recommendations among the corpora's {len(keys)} {label} texts: {flagged} ({flagged / len(keys):.1%})")
    deviant_in_the_wild(results, figures, "corpora")


def deviant_scores(figures: dict[str, float]) -> None:
    rows = [json.loads(line) for line in (DATA / "deviant_use_examples.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    results = run_analyze(rows, {row["id"]: row["text"] for row in rows})
    for lang in sorted({row["lang"] for row in rows}):
        chosen = [row for row in rows if row["lang"] == lang]
        pairs = [(bool(row["deviant_use"]), results[row["id"]]["signals"]["deviant_use"] >= THRESHOLD) for row in chosen]
        tp, fp, fn = binary_counts(pairs)
        p, r, f = prf(tp, fp, fn)
        figures.update({f"deviant_use_precision_{lang}": p, f"deviant_use_recall_{lang}": r, f"deviant_use_f1_{lang}": f})
        print(f"{'deviant use (own set)':<22}{lang:<6}{tp + fn:>8}{p:>11.3f}{r:>8.3f}{f:>7.3f}   {interval(pairs, f1_of)}")


def run_analyze(labels: list[dict], texts: dict[str, str]) -> dict[str, dict]:
    """The real command on a JSONL file, as a brand team would run it."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.jsonl", Path(folder) / "out.jsonl"
        source.write_text("".join(json.dumps({"id": row["id"], "text": texts[row["id"]]}, ensure_ascii=False) + "\n" for row in labels), encoding="utf-8")
        command = [sys.executable, "-m", "portevoix.cli", "--data-dir", folder, "--log-level", "WARNING", "analyze", "--watch", str(DATA / "eval_watch.toml"), "--input", str(source), "--output", str(target)]
        subprocess.run(command, check=True, cwd=ROOT)
        return {row["id"]: row for row in map(json.loads, target.read_text(encoding="utf-8").splitlines())}


def binary_counts(pairs) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of (gold, guessed) pairs."""
    counts = Counter(pairs)
    return counts[True, True], counts[False, True], counts[True, False]


def prf(true_positive: int, false_positive: int, false_negative: int) -> tuple[float, float, float]:
    precision = true_positive / (true_positive + false_positive) if true_positive + false_positive else 0.0
    recall = true_positive / (true_positive + false_negative) if true_positive + false_negative else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    classes = sorted({gold for gold, _ in pairs})
    scores = []
    for label in classes:
        tp = sum(1 for gold, guess in pairs if gold == label and guess == label)
        fp = sum(1 for gold, guess in pairs if gold != label and guess == label)
        fn = sum(1 for gold, guess in pairs if gold == label and guess != label)
        scores.append(prf(tp, fp, fn)[2])
    return sum(scores) / len(scores) if scores else 0.0


def interval(items: list, metric, resamples: int = RESAMPLES, seed: int = 3) -> str:
    """The 95% bootstrap interval of `metric` over `items` (the posts of one language, resampled)."""
    rng = random.Random(seed)
    values = sorted(metric(rng.choices(items, k=len(items))) for _ in range(resamples))
    return f"[{values[int(0.025 * resamples)]:.2f}, {values[int(0.975 * resamples) - 1]:.2f}]"


def pooled(counts: list[tuple[int, int, int]]) -> tuple[int, int, int]:
    """Posts' (true positives, false positives, false negatives) summed."""
    return tuple(sum(column) for column in zip(*counts)) or (0, 0, 0)


def named_right(gold: list[str], found: dict[str, dict]) -> bool:
    """True when the strongest talent found is a labelled one (case and accents aside; "Katy" for "Katy Perry")."""
    if not found:
        return False
    best = fold(max(found, key=lambda name: found[name]["score"]))
    return any(best in fold(name) or fold(name) in best for name in gold)


def f1_of(pairs) -> float:
    return prf(*binary_counts(pairs))[2]


def score(labels: list[dict], results: dict[str, dict]) -> dict[str, float]:
    figures: dict[str, float] = {}
    by_lang: dict[str, list[dict]] = defaultdict(list)
    for row in labels:
        by_lang[row["lang"]].append(row)
    print(f"{len(labels)} labelled posts: " + ", ".join(f"{lang} {len(rows)}" for lang, rows in sorted(by_lang.items())))
    figures["language_accuracy"] = sum(results[r["id"]]["lang"] == r["lang"] for r in labels) / len(labels)
    print(f"language detected correctly: {figures['language_accuracy']:.3f}")
    print(f"{'':<22}{'lang':<6}{'support':>8}{'precision':>11}{'recall':>8}{'F1':>7}   95% interval")
    for lang, rows in sorted(by_lang.items()):
        # (true positives, false positives, false negatives) of each post's brands
        brand_counts = [
            (len(gold & guess), len(guess - gold), len(gold - guess))
            for row in rows for gold, guess in [(set(row["brands"]), set(results[row["id"]]["brands"]))]
        ]
        tp, fp, fn = pooled(brand_counts)
        p, r, f = prf(tp, fp, fn)
        figures[f"brand_mentions_f1_{lang}"] = f
        brands_interval = interval(brand_counts, lambda sample: prf(*pooled(sample))[2])
        print(f"{'brand mentions':<22}{lang:<6}{tp + fn:>8}{p:>11.3f}{r:>8.3f}{f:>7.3f}   {brands_interval}")
        for signal in SIGNALS:
            pairs = [(bool(row[signal]), results[row["id"]]["signals"][signal] >= THRESHOLD) for row in rows]
            tp, fp, fn = binary_counts(pairs)
            p, r, f = prf(tp, fp, fn)
            figures[f"{signal}_f1_{lang}"] = f
            figures[f"{signal}_precision_{lang}"] = p
            figures[f"{signal}_recall_{lang}"] = r
            print(f"{signal:<22}{lang:<6}{tp + fn:>8}{p:>11.3f}{r:>8.3f}{f:>7.3f}   " + ("(no positive example labelled)" if tp + fn == 0 else interval(pairs, f1_of)))
        found = [row for row in rows if row["talent_endorsement"] and results[row["id"]]["signals"]["talent_endorsement"] >= THRESHOLD]
        named = sum(named_right(row["talents"], results[row["id"]]["talents"]) for row in found)
        figures[f"talent_named_{lang}"] = named / len(found) if found else 0.0
        print(f"{'  the talent named':<22}{lang:<6}{len(found):>8}   {named} of the {len(found)} endorsements found name the labelled talent")
        pairs = [(row["sentiment"], results[row["id"]]["sentiment"]["label"]) for row in rows]
        figures[f"sentiment_macro_f1_{lang}"] = macro_f1(pairs)
        accuracy = sum(gold == guess for gold, guess in pairs) / len(pairs)
        print(f"{'sentiment (macro-F1)':<22}{lang:<6}{len(pairs):>8}{'':>11}{'':>8}{figures[f'sentiment_macro_f1_{lang}']:>7.3f}   {interval(pairs, macro_f1)}, accuracy {accuracy:.3f}")
        # A class with a post or two swings the macro-F1 by a quarter on one post: the three others, beside it.
        mixed = sum(gold == "mixed" for gold, _ in pairs)
        figures[f"sentiment_macro_f1_without_mixed_{lang}"] = macro_f1([(gold, guess) for gold, guess in pairs if gold != "mixed"])
        print(f"    positive, negative, neutral only: macro-F1 {figures[f'sentiment_macro_f1_without_mixed_{lang}']:.3f} ({mixed} mixed post{'s' if mixed != 1 else ''} labelled)")
        confusion = Counter(pairs)
        print("    gold -> guessed: " + ", ".join(f"{g[:3]}->{s[:3]} {n}" for (g, s), n in sorted(confusion.items()) if g != s))
    return figures


def main() -> None:
    labels, texts = load_labelled()
    results = run_analyze([{"id": key} for key in texts], texts)  # the whole sample: the labelled posts are scored
    figures = score(labels, results)
    deviant_in_the_wild(results, figures)
    if "--corpora" in sys.argv[1:]:
        corpora_checks(figures)
    deviant_scores(figures)
    print(json.dumps({key: round(value, 3) for key, value in figures.items() if "_f1_" in key or key == "language_accuracy" or key.startswith(("talent_named", "deviant_use_", "recommendation_share"))}))


if __name__ == "__main__":
    main()
