"""The sentence encoder on the packaged MiniLM (ONNX int8 against torch), the static vectors distilled from
it, heads saved and loaded as plain arrays and trained on real embeddings, and the shipped heads at work
inside the Analyzer."""

import logging

import numpy as np
import pytest

from nlp.encoder import SentenceEncoder
from nlp.head import LinearHead, shipped_head
from nlp.pipeline import Analyzer, TextInput
from nlp.static_encoder import StaticEncoder
from nlp.signals import detect_signals
from nlp.training.corpora import Example
from nlp.char_ngrams import N_FEATURES, idf_of, ngram_counts, weighted
from nlp.training.train import HEAD_FEATURES, MIN_CLASS_EXAMPLES, fit_head, learnable
from portevoix.errors import AnalysisError
from portevoix.watch import parse_watch

pytestmark = pytest.mark.slow

TEXTS = ["A man is eating food.", "A man is eating a piece of bread.", "Le train de 8h est encore en retard, c'est insupportable.", ""]


@pytest.fixture(scope="module")
def encoder(tmp_path_factory):
    return SentenceEncoder(cache_dir=tmp_path_factory.mktemp("models"))


def test_onnx_int8_agrees_with_torch_and_is_cached(encoder, tmp_path_factory):
    quantised = encoder.encode(TEXTS)
    exported = list(encoder.cache_dir.glob("*-int8.onnx"))
    assert len(exported) == 1 and encoder.backend == "onnx-int8"
    reference = SentenceEncoder(backend="torch").encode(TEXTS)
    assert quantised.shape == reference.shape == (4, 384)
    assert np.allclose(np.linalg.norm(quantised, axis=1), 1.0, atol=1e-3)
    assert (quantised * reference).sum(axis=1).min() > 0.97  # cosine to fp32
    assert float(reference[0] @ reference[1]) == pytest.approx(0.755, abs=0.01)  # the model's known similarity
    # Order is the caller's, whatever the batching by length; a second encoder reuses the exported file.
    assert np.allclose(encoder.encode(TEXTS[::-1]), quantised[::-1], atol=1e-5)
    modified = exported[0].stat().st_mtime
    SentenceEncoder(cache_dir=encoder.cache_dir).encode(["again"])
    assert exported[0].stat().st_mtime == modified


def test_static_vectors_are_distilled_once_and_keep_meaning(encoder):
    static = StaticEncoder(encoder)
    vectors = static.encode(["The battery died after a week, terrible.", "Awful battery, dead in days.", "What a lovely sunny beach holiday", ""])
    assert vectors.shape == (4, 384) and static.name == "all-MiniLM-L6-v2:static"
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5) and not vectors[3].any()  # no token: zero
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.1  # averaged vectors all lean one way
    [table] = encoder.cache_dir.glob("*-static-fp32.npy")
    assert np.load(table).shape == (len(encoder.tokenizer), 384)
    modified = table.stat().st_mtime
    again = StaticEncoder(SentenceEncoder(cache_dir=encoder.cache_dir)).encode(["Awful battery, dead in days."])
    assert np.allclose(again[0], vectors[1], atol=1e-6) and table.stat().st_mtime == modified  # read back, not distilled again
    # Distilled by the model in fp32, whatever backend the encoder runs: the int8 model varies with onnxruntime.
    exact = SentenceEncoder(backend="torch")
    cls, sep, battery = exact.tokenizer.cls_token_id, exact.tokenizer.sep_token_id, exact.tokenizer.convert_tokens_to_ids("battery")
    assert np.allclose(np.load(table)[battery], exact.encode_token_ids(np.array([[cls, battery, sep]]))[0], atol=1e-5)


def test_a_bad_backend_or_model_is_a_clear_error(tmp_path):
    with pytest.raises(AnalysisError, match="unknown encoder backend 'gpu'"):
        SentenceEncoder(backend="gpu")
    with pytest.raises(AnalysisError, match="cannot load the encoder"):
        SentenceEncoder(model=str(tmp_path / "no-model"))


GOOD = ["I love it", "Great flight, thank you", "Amazing service, well done", "Best purchase ever", "So happy with it", "Wonderful crew, perfect trip",
        "Fantastic sound, great album", "Really good, I am impressed", "Superb quality", "Lovely staff and a smooth flight"]
BAD = ["I hate it", "Terrible flight, never again", "Awful service, so rude", "Worst purchase ever", "So disappointed", "Lost my bags, furious",
       "Broken after a day, waste of money", "Really bad, I am angry", "Horrible quality", "Delayed for hours and nobody helped"]
EXAMPLES = [Example(t, "en", "positive", "hand") for t in GOOD] + [Example(t, "en", "negative", "hand") for t in BAD]
UNSEEN = ["What a great experience, thanks!", "Awful, my luggage is lost again"]


def test_a_head_trains_on_embeddings_and_round_trips(encoder, tmp_path, caplog):
    head = fit_head(EXAMPLES, encoder, "test_head")
    assert head.classes == ("negative", "positive") and head.weights.shape == (2, 384) and head.features == ("static",)
    probabilities = head.read(UNSEEN, encoder)
    assert probabilities[0, 1] > 0.5 > probabilities[1, 1]
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    head.save(tmp_path / "test_head.npz")
    loaded = LinearHead.load(tmp_path / "test_head.npz")
    assert loaded.classes == head.classes and loaded.note["head"] == "test_head" and loaded.note["examples"] == 18
    assert loaded.common is not None and np.allclose(loaded.common, head.common, atol=1e-6)  # the direction taken out
    assert loaded.probe is not None and loaded.reads(encoder)  # what it gave when trained, kept to be checked
    assert np.allclose(loaded.read(["nice"], encoder), head.read(["nice"], encoder), atol=1e-5)
    # The same on the static vectors the shipped heads read.
    static = StaticEncoder(encoder)
    on_static = fit_head(EXAMPLES, static, "static_head")
    assert on_static.note["encoder"] == "all-MiniLM-L6-v2:static"
    probabilities = on_static.read(UNSEEN, static)
    assert probabilities[0, 1] > 0.5 > probabilities[1, 1]
    # A head does not read another encoder's vectors: the Analyzer leaves it out and says so.
    assert on_static.reads(static) and not head.reads(static) and not on_static.reads(encoder)
    watch = parse_watch('name = "heads"\n[[brands]]\nname = "United"\n')
    analyzer = Analyzer(watch, encoder=encoder, heads={"sentiment_en": on_static, "promotional_en": head})
    with caplog.at_level(logging.WARNING, logger="nlp.pipeline"):
        [analysis] = analyzer.analyze([TextInput("1", "What a great experience, thanks!", lang="en")])
    assert set(analyzer.heads) == {"sentiment_en"} and "promotional_en" not in analyzer.signals_version
    assert "the promotional_en head learnt on other features" in caplog.text and analysis.signals["sentiment"].label == "positive"


def test_a_head_reads_character_ngrams_alone_or_beside_the_vectors(encoder, tmp_path):
    static = StaticEncoder(encoder)
    ngrams = fit_head(EXAMPLES, static, "ngram_head", ("char-ngrams",))
    both = fit_head(EXAMPLES, static, "both_head", ("static", "char-ngrams"))
    assert ngrams.weights.shape == (2, N_FEATURES) and ngrams.common is None and ngrams.idf.shape == (N_FEATURES,)
    assert both.weights.shape == (2, 384 + N_FEATURES) and both.common is not None
    assert ngrams.note["encoder"] == "char-ngrams" and both.note["encoder"] == "all-MiniLM-L6-v2:static+char-ngrams"
    for head in (ngrams, both):
        probabilities = head.read(["So happy, great flight", "Terrible, so disappointed"], static)
        assert probabilities[0, 1] > 0.5 > probabilities[1, 1], head.note["head"]
        head.save(tmp_path / "head.npz")
        loaded = LinearHead.load(tmp_path / "head.npz")
        assert loaded.features == head.features and loaded.reads(static)
        assert np.allclose(loaded.read(UNSEEN, static), head.read(UNSEEN, static), atol=1e-5)
    with pytest.raises(ValueError, match="unknown head features"):
        fit_head(EXAMPLES, static, "bad", ("words",))


def test_character_ngrams_are_hashed_weighted_and_of_unit_length():
    counts = ngram_counts(["Génial !", "génial !", "", "Nul, nul, nul."])
    assert counts.shape == (4, N_FEATURES) and counts[2].nnz == 0
    assert (counts[0] != counts[1]).nnz == 0  # lower-cased
    idf = idf_of(counts)
    rows = weighted(counts, idf)
    assert np.allclose(np.sqrt(rows.multiply(rows).sum(axis=1)).A1[[0, 1, 3]], 1.0) and rows[2].nnz == 0
    assert counts[3].max() == 3.0  # "nul" three times
    # Smoothed idf: an n-gram in both of two texts weighs 1, one in neither 1 + log 3.
    pair = idf_of(counts[[0, 1]])
    assert np.allclose(pair[counts[0].indices], 1.0) and np.isclose(pair.max(), 1 + np.log(3))


def test_a_class_with_too_few_examples_is_not_learnt():
    examples = [Example(f"review {i}", "en", "positive" if i % 2 else "negative", "reviews") for i in range(2 * MIN_CLASS_EXAMPLES)]
    rare = [Example(f"so-so {i}", "en", "mixed", "reviews") for i in range(3)]
    assert learnable(examples + rare) == examples
    assert "mixed" not in shipped_head("sentiment_en").classes  # the datasets hold 3 mixed English texts


def test_the_shipped_heads_say_what_they_learnt_from():
    for name, features in HEAD_FEATURES.items():
        head = shipped_head(name)
        assert head is not None and head.note["held_out_macro_f1"] > 0.6 and head.note["sources"], name
        assert head.features == features and head.note["encoder"].endswith("char-ngrams"), name
        assert "posts_sample" not in str(head.note["sources"])
        # What this machine makes of the texts (the packaged model's static vectors, the hashed n-grams) is what
        # the head learnt on.
        assert head.reads(StaticEncoder(SentenceEncoder())), name
    assert shipped_head("nothing_xx") is None


def test_the_analyzer_uses_the_heads(encoder):
    watch = parse_watch('name = "heads"\n[[brands]]\nname = "United"\naliases = ["@united"]\n')
    analyzer = Analyzer(watch, encoder=encoder)
    angry, glad, promo, favour = analyzer.analyze([
        TextInput("1", "@united sitting on the tarmac for 3 hours, no information, and my connection is gone."),
        TextInput("2", "@united thanks for getting me home safely through the snow, the crew was wonderful."),
        TextInput("3", "bonjour, la messagerie privée n'est plus disponible. retrouvez-nous sur messenger, nous sommes également disponibles via d'autres canaux - free", lang="fr"),
        TextInput("4", "Hey plz check out my music video. Thanks!! :-)", lang="en"),
    ])
    assert angry.signals["sentiment"].label == "negative" and glad.signals["sentiment"].label == "positive"
    assert favour.signals["sentiment"].label == "neutral"  # courtesy in a favour asked is no praise, for the head either
    [own] = analyzer.analyze([TextInput("5", "Mixed feelings about this album: gorgeous vocals, awful production.", lang="en")])
    assert own.signals["sentiment"].label == "mixed"  # the writer says so, though the head never learnt "mixed"
    assert promo.signals["promotional"].score >= 0.5 and promo.signals["promotional"].label == "model"


def test_the_polarity_head_calls_a_negative_reviews_concessions_negative(encoder):
    watch = parse_watch('name = "heads"\n[[brands]]\nname = "Fnac"\n')
    conceding = "Quelle déception, ce nouvel album ! D'accord, le chanteur a une voix superbe et les deux premiers disques étaient de vrais classiques, mais celui-ci est bien faiblard : des morceaux oubliables, une production plate. Je m'attendais à mieux."
    said = "Mon avis est mitigé : de belles chansons, mais une production ratée et un chanteur fatigué."
    rules = Analyzer(watch, encoder=encoder, heads={})
    assert [r.signals["sentiment"].label for r in rules.analyze([TextInput("1", conceding, lang="fr"), TextInput("2", said, lang="fr")])] == ["mixed", "mixed"]
    review, own = Analyzer(watch, encoder=encoder).analyze([TextInput("1", conceding, lang="fr"), TextInput("2", said, lang="fr")])
    assert review.signals["sentiment"].label == "negative" and review.signals["sentiment"].score >= 0.8
    evidence = review.signals["sentiment"]  # the head decided; its evidence is the review's surest complaint
    assert evidence.text == "faiblard" and conceding[evidence.start : evidence.end] == evidence.text
    assert own.signals["sentiment"].label == "mixed"  # the writer says so: no head overrides it


def _read_as_praise_by_the_rules(encoder, head: str, text: str, lang: str):
    """An analyzer with the shipped heads, the classes of its `head`, and the rules' signals of `text`, which they
    read positive."""
    analyzer = Analyzer(parse_watch('name = "heads"\n[[brands]]\nname = "Fnac"\n'), encoder=encoder)
    rules = detect_signals(text, lang=lang)
    assert rules["sentiment"].label == "positive"
    return analyzer, analyzer.heads[head].classes, rules


def test_a_label_the_head_decides_keeps_the_words_behind_it(encoder):
    text = "Lovely crew, great snacks, wonderful views, a bit delayed."
    analyzer, classes, rules = _read_as_praise_by_the_rules(encoder, "sentiment_en", text, "en")
    read = {"sentiment": np.array([0.95 if c == "negative" else 0.025 for c in classes])}
    decided = analyzer._head_signals(rules, "en", read, text)["sentiment"]
    assert decided.label == "negative" and decided.text == "delayed" and text[decided.start : decided.end] == "delayed"
    calm = "The flight leaves at nine."
    neutral = analyzer._head_signals(detect_signals(calm, lang="en"), "en", read, calm)["sentiment"]
    assert neutral.label == "negative" and neutral.start is None  # no word of the rules' to show: no span


def test_the_polarity_head_overrules_praise_words_only_when_sure_and_never_a_complaint(encoder):
    text = "En théorie, tout pour plaire : des musiciens brillants, une belle pochette... mais non."
    analyzer, classes, rules = _read_as_praise_by_the_rules(encoder, "polarity_fr", text, "fr")

    def read(negative):
        return {"polarity": np.array([negative if c == "negative" else 1 - negative for c in classes])}

    assert analyzer._head_signals(rules, "fr", read(0.9), text)["sentiment"].label == "negative"
    assert analyzer._head_signals(rules, "fr", read(0.8), text)["sentiment"].label == "positive"  # not sure enough
    assert analyzer._head_signals(rules, "fr", read(0.9), text, brands=2)["sentiment"].label == "positive"
    panned = detect_signals("Un disque raté, nul, une déception.", lang="fr")
    assert analyzer._head_signals(panned, "fr", read(0.01), "Un disque raté, nul, une déception.")["sentiment"].label == "negative"


def test_the_polarity_head_calls_a_fans_review_of_a_dark_story_positive(encoder):
    watch = parse_watch('name = "heads"\n[[brands]]\nname = "Fnac"\n')
    dark = "Le roman que nous offre Yasmina Khadra est un cadeau. Des hommes asservis qui reprennent leurs droits au péril de leurs vies, et d'autres déracinés contraints de fuir. Une écriture superbe."
    [rules] = Analyzer(watch, encoder=encoder, heads={}).analyze([TextInput("1", dark, lang="fr")])
    assert rules.signals["sentiment"].label == "mixed"  # the story's words, beside the reader's
    analyzer = Analyzer(watch, encoder=encoder)
    [review] = analyzer.analyze([TextInput("1", dark, lang="fr")])
    assert review.signals["sentiment"].label == "positive" and "yasmina-khadra" in review.talent_signals
    classes = analyzer.heads["polarity_fr"].classes

    def read(positive):
        return {"polarity": np.array([positive if c == "positive" else 1 - positive for c in classes])}

    said = detect_signals(dark, lang="fr")
    assert analyzer._head_signals(said, "fr", read(0.8), dark)["sentiment"].label == "mixed"  # not sure enough
    assert analyzer._head_signals(said, "fr", read(0.9), dark)["sentiment"].label == "positive"
    calm = "Mathieu reprend le bar de son village d'enfance."  # a story told, no review: the rules' neutral stands
    assert analyzer._head_signals(detect_signals(calm, lang="fr"), "fr", read(0.99), calm)["sentiment"].label == "neutral"
    own = "Mon avis est mitigé : de belles chansons, mais une production ratée."
    assert analyzer._head_signals(detect_signals(own, lang="fr"), "fr", read(0.99), own)["sentiment"].label == "mixed"


def test_an_unwritable_cache_falls_back_to_torch(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    encoder = SentenceEncoder(cache_dir=blocker / "models")
    vectors = encoder.encode(["still encoded"])
    assert vectors.shape == (1, 384) and encoder.backend == "torch"
