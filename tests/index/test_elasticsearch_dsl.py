"""Golden tests of the Elasticsearch DSL each query construct compiles to (no server needed)."""

from datetime import UTC, datetime

from index.elasticsearch import ANALYSIS, MAPPINGS, index_template, search_body, to_es_query
from index.query import parse_query
from index.store import SearchRequest

TEXT = ["text_fr", "text_en", "text_other"]


def phrase(text):
    return {"multi_match": {"query": text, "fields": TEXT, "type": "phrase"}}


def test_terms_and_phrases():
    assert to_es_query(parse_query("loreal")) == phrase("loreal")
    assert to_es_query(parse_query('"must have"')) == phrase("must have")


def test_boolean_operators():
    assert to_es_query(parse_query("a b -c")) == {"bool": {"must": [phrase("a"), phrase("b")], "must_not": [phrase("c")]}}
    assert to_es_query(parse_query("a OR b")) == {"bool": {"should": [phrase("a"), phrase("b")], "minimum_should_match": 1}}
    assert to_es_query(parse_query("NOT a")) == {"bool": {"must": [{"match_all": {}}], "must_not": [phrase("a")]}}
    assert to_es_query(parse_query("")) == {"match_all": {}}


def test_filters_sort_and_aggregations():
    body = search_body(SearchRequest("x", brands=("loreal",), langs=("fr",), since=datetime(2026, 1, 1, tzinfo=UTC), sort="date", limit=5, offset=10))
    assert body["query"]["bool"]["filter"] == [
        {"terms": {"brand": ["loreal"]}},
        {"terms": {"language": ["fr"]}},
        {"range": {"published_at": {"gte": "2026-01-01T00:00:00+00:00"}}},
    ]
    assert body["sort"][0] == {"published_at": {"order": "desc", "missing": "_last"}}
    assert (body["size"], body["from"]) == (5, 10)
    assert set(body["aggs"]) == {"brand", "lang", "platform", "signal", "sentiment"}


def test_template_has_french_and_english_analyzers():
    template = index_template("pv")
    assert template["index_patterns"] == ["pv-*"]
    french = ANALYSIS["analyzer"]["portevoix_fr"]["filter"]
    assert french[0] == "french_elision" and "asciifolding" in french
    assert "asciifolding" in ANALYSIS["analyzer"]["portevoix_en"]["filter"]
    assert MAPPINGS["posts"]["properties"]["text_fr"]["analyzer"] == "portevoix_fr"
