"""Golden tests of the Elasticsearch DSL each query construct compiles to (no server needed)."""

from datetime import UTC, datetime

import pytest

from index import cursor
from index.elasticsearch import ANALYSIS, MAPPINGS, index_template, search_body, to_es_query
from index.query import parse_query
from index.store import SearchRequest
from portevoix.errors import QueryError

TEXT = ["text_fr", "text_en", "text_other"]


def phrase(text, **extra):
    return {"multi_match": {"query": text, "fields": TEXT, "type": "phrase", **extra}}


def dsl(query: str):
    return to_es_query(parse_query(query))


def test_words_and_phrases():
    assert dsl("loreal") == phrase("loreal")
    assert dsl('"must have"') == phrase("must have")
    assert dsl('"must have"~2') == phrase("must have", slop=2)


def test_boolean_operators():
    assert dsl("a b -c") == {"bool": {"must": [phrase("a"), phrase("b")], "must_not": [phrase("c")]}}
    assert dsl("a OR b") == {"bool": {"should": [phrase("a"), phrase("b")], "minimum_should_match": 1}}
    assert dsl("NOT a") == {"bool": {"must": [{"match_all": {}}], "must_not": [phrase("a")]}}
    assert dsl("") == {"match_all": {}}


def test_wildcards_raw_hashtags_and_fields():
    assert dsl("Recommand*") == {"wildcard": {"text_plain": {"value": "recommand*"}}}
    assert dsl("raw:Orange") == {"match_phrase": {"text_raw": "Orange"}}
    assert dsl("#Été") == {"term": {"hashtag": "ete"}}
    assert dsl("@Nivea") == {"term": {"handle": "nivea"}}
    assert dsl("lang:fr") == {"term": {"language": "fr"}}
    assert dsl("site:www.example.org") == {"term": {"site": "example.org"}}
    assert dsl("url:*blog*") == {"wildcard": {"url": {"value": "*blog*"}}}
    assert dsl('brand:"L\'Oréal"') == {"term": {"brand": "loreal"}}


def test_ranges():
    assert dsl("rating:>=4") == {"range": {"stars": {"gte": 4.0}}}
    assert dsl("followers:>1000") == {"range": {"followers": {"gt": 1000}}}
    assert dsl("date:[2026-01-01 TO 2026-03-31]") == {"range": {"published_at": {"gte": "2026-01-01T00:00:00+00:00", "lt": "2026-04-01T00:00:00+00:00"}}}


def test_near_compiles_to_intervals_on_each_language_field():
    rule = {
        "all_of": {
            "intervals": [
                {"any_of": {"intervals": [{"match": {"query": "apple", "max_gaps": 0, "ordered": True}}, {"match": {"query": "iphone", "max_gaps": 0, "ordered": True}}]}},
                {"any_of": {"intervals": [{"match": {"query": "love", "max_gaps": 0, "ordered": True}}, {"wildcard": {"pattern": "ador*", "use_field": "text_plain"}}]}},
            ],
            "max_gaps": 5,
            "ordered": False,
        }
    }
    assert dsl("(apple OR iphone) NEAR/5 (love OR ador*)") == {"bool": {"should": [{"intervals": {field: rule}} for field in TEXT], "minimum_should_match": 1}}
    ordered = dsl('"battery life" NEAR/2f terrible')["bool"]["should"][0]["intervals"]["text_fr"]["all_of"]
    assert ordered["ordered"] is True and ordered["intervals"][0] == {"match": {"query": "battery life", "max_gaps": 0, "ordered": True}}


def test_filters_sort_cursor_and_aggregations():
    body = search_body(SearchRequest("x", brands=("loreal",), langs=("fr",), since=datetime(2026, 1, 1, tzinfo=UTC), sort="date", limit=5, interval="week", cursor=cursor.encode({"sort": "date", "key": 42})))
    assert body["query"]["bool"]["filter"] == [
        {"terms": {"brand": ["loreal"]}},
        {"terms": {"language": ["fr"]}},
        {"range": {"published_at": {"gte": "2026-01-01T00:00:00+00:00"}}},
    ]
    assert body["sort"] == [{"date_key": "desc"}] and body["search_after"] == [42] and body["size"] == 5
    assert body["aggs"]["histogram"] == {"date_histogram": {"field": "published_at", "fixed_interval": "7d", "offset": "-3d"}}
    assert body["aggs"]["by_engagement"]["terms"]["order"] == {"engagement": "desc"}
    assert set(body["aggs"]) == {"brand", "lang", "platform", "signal", "sentiment", "histogram", "by_posts", "by_engagement"}
    relevance = search_body(SearchRequest("x", limit=10, cursor=cursor.encode({"sort": "relevance", "offset": 20})))
    assert relevance["from"] == 20 and "sort" not in relevance
    with pytest.raises(QueryError, match="stop at 10,000"):
        search_body(SearchRequest("x", limit=10, cursor=cursor.encode({"sort": "relevance", "offset": 9995})))


def test_template_and_mappings():
    template = index_template("pv")
    assert template["index_patterns"] == ["pv-*"]
    french = ANALYSIS["analyzer"]["portevoix_fr"]["filter"]
    assert french == ["french_elision", "lowercase", "asciifolding", "french_snowball"]
    assert "asciifolding" in ANALYSIS["analyzer"]["portevoix_en"]["filter"]
    posts = MAPPINGS["posts"]["properties"]
    assert posts["text_fr"]["analyzer"] == "portevoix_fr" and posts["text_raw"]["analyzer"] == "portevoix_raw"
    assert {"site", "hashtag", "handle", "talent", "author", "date_key", "stars", "followers", "engagement"} <= set(posts)
