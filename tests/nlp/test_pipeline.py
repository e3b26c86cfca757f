"""The analysis on the real spaCy models (fr_core_news_sm, en_core_web_sm), through store and JSONL."""

import io
import json

import pytest

from nlp.pipeline import Analyzer, TextInput
from nlp.run import analyze_jsonl, analyze_store
from portevoix.errors import AnalysisError
from portevoix.models import Post
from portevoix.watch import parse_watch

pytestmark = pytest.mark.slow

WATCH = parse_watch(
    """
name = "nlp-test"
[[brands]]
name = "L'Oréal"
aliases = ["loreal", "#lorealparis"]
[[brands]]
name = "Nivea"
[[talents]]
name = "Arctic Monkeys"
"""
)


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(WATCH)


def test_languages_mentions_and_attribution(analyzer):
    french, english, talent = analyzer.analyze(
        [
            TextInput("1", "Je recommande vraiment L'Oréal. Par contre la crème Nivea, bof."),
            TextInput("2", "Highly recommend the new Nivea cream #lorealparis"),
            TextInput("3", "Saw Arctic Monkeys last night, amazing show, love them!"),
        ]
    )
    assert (french.lang, english.lang) == ("fr", "en")
    assert [(m.surface, m.brand_id) for m in french.mentions] == [("L'Oréal", "loreal"), ("Nivea", "nivea")]
    # The recommendation sits in L'Oréal's sentence: full strength there, half for Nivea.
    assert french.brand_signals["loreal"]["recommendation"].score >= 0.8
    assert french.brand_signals["nivea"]["recommendation"].score < 0.5
    assert {m.brand_id for m in english.mentions} == {"nivea", "loreal"}
    assert talent.signals["talent_endorsement"].score >= 0.5
    assert "arctic-monkeys" in talent.talent_signals


def test_advice_to_take_another_brand_goes_to_that_brand(analyzer):
    both, alone = analyzer.analyze(
        [
            TextInput("1", "N'achetez pas la crème Nivea, prenez plutôt L'Oréal."),
            TextInput("2", "Cette crème Nivea est nulle, une arnaque. Achetez plutôt une crème bio."),
        ]
    )
    assert both.signals["recommendation"].label == "alternative"
    assert both.brand_signals["loreal"]["recommendation"].score >= 0.5
    assert both.brand_signals["nivea"]["recommendation"].score < 0.5
    assert alone.signals["recommendation"].score >= 0.5 and alone.brand_signals["nivea"]["recommendation"].score < 0.5


def test_source_language_is_trusted(analyzer):
    [result] = analyzer.analyze([TextInput("1", "Nivea", lang="de")])
    assert result.lang == "de" and [m.brand_id for m in result.mentions] == ["nivea"]


def test_jsonl_contract():
    source = io.StringIO(
        "\n".join(
            [
                json.dumps({"id": "a", "text": "Je recommande L'Oréal, à tester absolument !"}),
                json.dumps({"id": 7, "text": "#ad Nivea sent me this, use code JAKE10", "lang": "en"}),
                "not json",
                json.dumps({"id": "b"}),
                json.dumps({"id": "c", "text": "Avis", "rating": "five"}),
                json.dumps({"id": "d", "text": "Le concert des arctic monkeys hier soir était magnifique, je recommande !"}),
                json.dumps({"id": "e", "text": "You need to hear the new album by Billie Eilish, every song is gorgeous."}),
                "",
            ]
        )
    )
    sink = io.StringIO()
    written, problems = analyze_jsonl(source, sink, WATCH)
    assert written == 4
    assert problems == ["line 3: not JSON (Expecting value at column 1)", "line 4: 'text' must be a string", "line 5: 'rating' must be a number"]
    first, second, watched, discovered = [json.loads(line) for line in sink.getvalue().splitlines()]
    # The talents endorsed: a watch talent by the watch's name, another by the name the post gives.
    assert list(watched["talents"]) == ["Arctic Monkeys"] and watched["talents"]["Arctic Monkeys"]["text"] == "arctic monkeys"
    assert watched["talents"]["Arctic Monkeys"]["score"] == watched["signals"]["talent_endorsement"] >= 0.5
    assert list(discovered["talents"]) == ["Billie Eilish"] and discovered["signals"]["talent_endorsement"] >= 0.5
    # The first contract's keys, exactly, plus keys added since (never a key changed or removed).
    assert set(first) == {"id", "lang", "brands", "mentions", "signals", "sentiment"} | {"use", "brand_sentiment", "talents"}
    assert first["use"] is None and first["brand_sentiment"]["L'Oréal"]["label"] == "positive" and first["talents"] == {}
    assert first["brands"] == ["L'Oréal"] and first["lang"] == "fr"
    assert first["mentions"] == [{"brand": "L'Oréal", "text": "L'Oréal", "start": 14, "end": 21}]
    assert set(first["signals"]) == {"recommendation", "deviant_use", "promotional", "sponsored", "talent_endorsement"} | {"self_promotion"}
    assert first["signals"]["recommendation"] >= 0.5 and first["sentiment"]["label"] == "positive"
    assert all(0 <= p <= 1 for p in first["signals"].values())
    assert second["id"] == "7" and second["signals"]["sponsored"] >= 0.5 and second["signals"]["promotional"] >= 0.5


def test_jsonl_with_no_valid_line_is_an_error():
    with pytest.raises(AnalysisError, match="line 1: not JSON"):
        analyze_jsonl(io.StringIO("nope\n"), io.StringIO(), WATCH)


def test_store_analysis_is_incremental_and_reanalysis_replaces(store):
    store.save_posts([Post(id="web:1", platform="web", text="Je recommande L'Oréal"), Post(id="web:2", platform="web", text="Rien à voir")])
    first = analyze_store(store, WATCH)
    assert first.counts == {"posts": 2, "mentions": 1, "signals": first.counts["signals"]}
    assert analyze_store(store, WATCH).counts["posts"] == 0  # nothing new
    store.save_posts([Post(id="web:3", platform="web", text="Nivea c'est top")])
    assert analyze_store(store, WATCH).counts["posts"] == 1
    before = {s.id: s for s in store.load_signals("nlp-test")}
    again = analyze_store(store, WATCH, reanalyze_all=True)
    assert again.counts["posts"] == 3
    after = {s.id: s for s in store.load_signals("nlp-test")}
    assert after.keys() == before.keys()  # replaced, not duplicated
    assert all(s.detector and s.version for s in after.values())
    # Each signal says which models scored it: the rules' version, each head with its features and training day.
    assert all("sentiment_en:char-ngrams@" in s.version and "promotional_fr:all-MiniLM-L6-v2:static+char-ngrams@" in s.version for s in after.values())
    recommendation = next(s for s in after.values() if s.post_id == "web:1" and s.subject_id == "loreal" and s.kind == "recommendation")
    assert recommendation.evidence == "Je recommande" and recommendation.evidence_start == 0


def test_each_brand_gets_the_sentiment_of_its_own_sentences(analyzer):
    [post] = analyzer.analyze([TextInput("1", "J'adore L'Oréal, un shampooing génial. Par contre la crème Nivea est décevante, je suis déçue.")])
    assert post.signals["sentiment"].label == "mixed"
    loreal, nivea = post.brand_signals["loreal"]["sentiment"], post.brand_signals["nivea"]["sentiment"]
    assert (loreal.label, nivea.label) == ("positive", "negative")
    assert loreal.text == "J'adore" and nivea.text == "décevante"  # evidence offsets point into the whole post


def test_brands_sharing_every_sentence_share_the_posts_sentiment(analyzer):
    [post] = analyzer.analyze([TextInput("1", "Nivea cream or L'Oréal serum, which one for dry skin?")])
    assert {m.brand_id for m in post.mentions} == {"nivea", "loreal"}
    assert post.brand_signals["nivea"]["sentiment"] == post.brand_signals["loreal"]["sentiment"] == post.signals["sentiment"]


def test_huge_and_empty_texts_are_analysed_not_fatal(analyzer):
    huge, empty, blank = analyzer.analyze([TextInput("1", "Je recommande Nivea. " * 60_000), TextInput("2", ""), TextInput("3", "   \n ")])
    assert {m.brand_id for m in huge.mentions} == {"nivea"} and all(m.end <= 100_000 for m in huge.mentions)
    assert empty.mentions == [] and blank.mentions == [] and empty.signals["sentiment"].label == "neutral"


def test_worker_processes_give_the_same_analysis_in_the_same_order(analyzer, tmp_path):
    from nlp.parallel import PARALLEL_FROM, ParallelAnalyzer

    texts = [
        "Je recommande vraiment L'Oréal, foncez !", "Nivea, c'est nul, je suis déçue.", "Highly recommend Nivea cream #lorealparis",
        "Saw Arctic Monkeys last night, amazing show!", "Rien à voir avec une marque.", "",
    ]
    items = [TextInput(str(n), texts[n % len(texts)] + f" ({n})") for n in range(PARALLEL_FROM + 7)]
    parallel = ParallelAnalyzer(WATCH, workers=2)
    try:
        shared = parallel.analyze(items)
        assert parallel._pool is not None  # the batch went to the workers
        assert shared == analyzer.analyze(items)
        assert parallel.analyze(items[:3]) == shared[:3]  # a small batch stays in this process
        assert parallel.signals_version == analyzer.signals_version
    finally:
        parallel.close()
    # The store stage with workers writes what one process writes.
    from index.embedded import EmbeddedStore

    one, two = EmbeddedStore(tmp_path / "one"), EmbeddedStore(tmp_path / "two")
    posts = [Post(id=f"web:{item.id}", platform="web", text=item.text or "-") for item in items]
    for store, workers in ((one, 1), (two, 2)):
        store.save_posts(posts)
        analyze_store(store, WATCH, workers=workers)
    assert sorted(s.model_dump_json() for s in one.load_signals("nlp-test")) == sorted(s.model_dump_json() for s in two.load_signals("nlp-test"))
