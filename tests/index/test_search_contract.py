"""The query language on one fixed corpus, on every backend: the same hits and the same counts.

The embedded store always runs it; Elasticsearch does when PORTEVOIX_ES_URL is set.
"""

import pytest

from index.store import SearchRequest
from portevoix.errors import QueryError
from tests.index import search_corpus


@pytest.fixture(scope="module", params=["embedded", "embedded-fed", "elasticsearch"])
def corpus_store(request, tmp_path_factory):
    if request.param.startswith("embedded"):
        from index import embedded

        store = embedded.EmbeddedStore(tmp_path_factory.mktemp("search"))
        search_corpus.load(store)
        if request.param == "embedded-fed":
            # The documents of a big sync, built in the index feed's process and added as JSON: the same index.
            feed_from, embedded.FEED_FROM = embedded.FEED_FROM, 1
            try:
                assert store.sync_index() == len(search_corpus.POSTS)
            finally:
                embedded.FEED_FROM = feed_from
            assert store.records.count_pending_index() == 0  # the searches below do not index again
    else:
        import uuid

        from index.elasticsearch import ElasticsearchStore

        url = request.getfixturevalue("es_url")
        prefix = f"portevoix-test-{uuid.uuid4().hex[:8]}"
        store = ElasticsearchStore(url, prefix=prefix)
        request.addfinalizer(lambda: store.es.indices.delete(index=f"{prefix}-*"))
        search_corpus.load(store)
    yield store
    store.close()


def hits(store, query: str, **filters) -> set[str]:
    result = store.search(SearchRequest(query, limit=100, **filters))
    assert result.total == len(result.hits)
    return {hit.post.id.removeprefix("web:") for hit in result.hits}


QUERIES = [
    # words, accents, case, inflections
    ("recommande", {"p01", "p02", "p11"}),  # Snowball: recommandation -> recommand
    ("RECOMMANDÉ", {"p01", "p02", "p11"}),
    ("love", {"p03", "p05"}),
    ("loving", {"p03", "p05"}),
    ("creme", {"p07", "p09", "p12"}),
    ("tent", {"p13"}),
    # phrases and slop
    ('"battery life"', {"p03"}),
    ('"life battery"', set()),
    ('"battery terrible"~2', {"p03"}),
    ('"must have"', {"p01"}),
    # Boolean
    ("iphone apple", {"p05"}),
    ("iphone OR apple", {"p03", "p04", "p05"}),
    ("(iphone OR apple) -love", {"p04"}),
    ("apple AND NOT support", {"p05"}),
    ("NOT (nivea OR orange OR recommande)", {"p03", "p04", "p05", "p10", "p13"}),
    # wildcards
    ("recommand*", {"p01", "p02", "p11"}),
    ("recommandation?", {"p11"}),
    ("ip?one", {"p03", "p05"}),
    # proximity
    ("iphone NEAR/3 love", {"p03", "p05"}),
    ("love NEAR/3f iphone", {"p03"}),
    ("iphone NEAR/3f love", {"p05"}),
    ("(apple OR iphone) NEAR/5 (love OR adore)", {"p03", "p04", "p05"}),
    ("(apple OR iphone) NEAR/1 (love OR adore)", set()),
    ('"battery life" NEAR/2 terrible', {"p03"}),
    ("nivea NEAR/2 chauss*", set()),
    ("crème NEAR/1 nivea", {"p09", "p12"}),  # "Nivea Creme" in German too
    ("platform:mastodon (iphone NEAR/3 love)", {"p03", "p05"}),
    ("apple -(iphone NEAR/3 love)", {"p04"}),
    ("NOT (iphone NEAR/3 love) platform:mastodon", {"p04", "p06"}),
    ("brand:apple (adore OR (iphone NEAR/3f love))", {"p04", "p05"}),
    # One NEAR in two places, restricted differently in each: the narrower must not answer for the wider.
    ('("battery life" NEAR/2 terrible) OR (nivea AND ("battery life" NEAR/2 terrible))', {"p03"}),
    # exact case
    ("raw:Orange", {"p06"}),
    ("orange", {"p06", "p07"}),
    ('raw:"Service client"', {"p06"}),
    ('raw:"service client"', set()),
    # hashtags and handles
    ("#lorealparis", {"p01"}),
    ("#Été", {"p09"}),
    ("#ad", {"p08"}),
    ("@lorealparis", {"p01"}),
    ("@Orange", {"p06"}),
    # fields
    ("author:camille", {"p01", "p07", "p09"}),
    ("author:jake@mastodon.example", {"p03", "p04", "p08"}),
    ("author:cam*", {"p01", "p07", "p09"}),
    ("site:example.fr", {"p01", "p02", "p07", "p09", "p11"}),
    ("site:shop.example.fr", {"p02", "p11"}),
    ("site:deals.example.com", {"p08"}),
    ("url:*astuce*", {"p09"}),
    ("platform:mastodon", {"p03", "p04", "p05", "p06"}),
    ("lang:de", {"p12"}),
    ("brand:nivea", {"p08", "p09", "p12"}),
    ('brand:"L\'Oréal" -recommande', set()),
    ("signal:sponsored", {"p08"}),
    ("talent:\"Arctic Monkeys\"", {"p10"}),
    ("sentiment:negative", {"p02", "p06"}),
    ("rating:>=4", {"p09", "p10", "p11"}),
    ("rating:<3", {"p02"}),
    ("followers:>100", {"p01", "p03", "p04", "p07", "p08", "p09"}),
    ("followers:[3 TO 50]", {"p02", "p05", "p06", "p11"}),
    ("date:[2026-01-01 TO 2026-03-31]", {"p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08", "p09"}),
    ("date:2026-04-01", {"p10"}),
    ("date:<2026-01-12", {"p01"}),
    ("date:>=2026-04-15", {"p11", "p12"}),
    # combined
    ("brand:apple (love OR adore) -broke", {"p03", "p04"}),
    ("platform:web rating:>=4 -nivea", {"p10", "p11"}),
]


@pytest.mark.parametrize("query, expected", QUERIES, ids=[q for q, _ in QUERIES])
def test_query(corpus_store, query, expected):
    assert hits(corpus_store, query) == expected


def test_filters_and_counts(corpus_store):
    result = corpus_store.search(SearchRequest("", limit=100))
    assert result.total == len(search_corpus.POSTS)
    assert result.counts["brand"] == {"apple": 3, "nivea": 3, "loreal": 2, "orange": 1}
    assert result.counts["platform"] == {"web": 9, "mastodon": 4}
    assert result.counts["lang"] == {"fr": 6, "en": 6, "de": 1}
    assert result.counts["sentiment"] == {"positive": 4, "negative": 2, "mixed": 2, "neutral": 2}
    assert result.counts["signal"] == {"recommendation": 1, "sponsored": 1, "promotional": 1, "deviant_use": 1, "talent_endorsement": 1}
    assert hits(corpus_store, "", brands=("nivea",), langs=("fr",)) == {"p09"}
    assert hits(corpus_store, "", signals=("deviant_use", "sponsored")) == {"p08", "p09"}


def test_aggregations_can_be_left_out(corpus_store):
    result = corpus_store.search(SearchRequest("nivea", aggregations=False))
    assert result.total == 3 and result.histogram == () and result.counts["brand"] == {}


def test_date_histogram(corpus_store):
    weeks = corpus_store.search(SearchRequest("", interval="week")).histogram
    assert weeks[0] == ("2026-01-05T00:00:00Z", 1)  # a Monday
    assert sum(count for _, count in weeks) == len(search_corpus.POSTS) - 1  # the undated post has no bucket
    days = corpus_store.search(SearchRequest("brand:apple", interval="day")).histogram
    assert {day: n for day, n in days if n} == {"2026-02-03T00:00:00Z": 1, "2026-02-10T00:00:00Z": 1, "2026-02-17T00:00:00Z": 1}
    assert len(days) == 15  # empty days in between are kept, so a timeline shows the gaps
    hours = corpus_store.search(SearchRequest("date:2026-04-01", interval="hour")).histogram
    assert hours == (("2026-04-01T00:00:00Z", 1),)


def test_top_authors(corpus_store):
    top = corpus_store.search(SearchRequest("")).top_authors
    assert top["posts"][0] == {"author": "mastodon:jake@mastodon.example", "posts": 3, "engagement": 148}
    assert [a["author"] for a in top["engagement"]][:2] == ["mastodon:jake@mastodon.example", "web:blog.example.fr/camille"]
    assert corpus_store.search(SearchRequest("orange")).top_authors["posts"] == [
        {"author": "mastodon:mike@mastodon.example", "posts": 1, "engagement": 7},
        {"author": "web:blog.example.fr/camille", "posts": 1, "engagement": 0},
    ]


def test_top_posters_outside_the_most_engaging_authors_keep_their_engagement(corpus_store, monkeypatch):
    import index.tantivy_search as tantivy_search

    if hasattr(corpus_store, "search_index"):
        monkeypatch.setattr(corpus_store.search_index, "cache_aggregations", False)
    expected = corpus_store.search(SearchRequest("")).top_authors
    assert any(author["engagement"] for author in expected["posts"][1:])  # posters the next step must sum
    monkeypatch.setattr(tantivy_search, "ENGAGED_AUTHORS", 1)  # the embedded store sums the others apart
    assert corpus_store.search(SearchRequest("")).top_authors["posts"] == expected["posts"]


def test_highlights(corpus_store):
    [hit] = corpus_store.search(SearchRequest('"battery life" NEAR/2 terrible')).hits
    assert hit.highlights == ("I love my new iPhone, the <mark>battery</mark> <mark>life</mark> is <mark>terrible</mark> though",)
    [hit] = corpus_store.search(SearchRequest("recommand* -magasin")).hits[:1] or [None]
    assert "<mark>" in hit.highlights[0]
    [escaped] = corpus_store.search(SearchRequest("jus")).hits
    assert escaped.highlights == ("Un <mark>jus</mark> d&#x27;orange et des crèmes pour bien commencer",)


def test_date_pages_follow_cursors(corpus_store):
    seen, cursor = [], None
    while True:
        result = corpus_store.search(SearchRequest("", sort="date", limit=4, cursor=cursor))
        assert result.total == len(search_corpus.POSTS)
        seen += [hit.post.id for hit in result.hits]
        cursor = result.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == len(search_corpus.POSTS)
    dated = [p for p in search_corpus.POSTS if p.published_at]
    assert seen[: len(dated)] == [p.id for p in sorted(dated, key=lambda p: p.published_at, reverse=True)]
    assert seen[-1] == "web:p13"  # undated last


def test_relevance_pages_follow_cursors(corpus_store):
    first = corpus_store.search(SearchRequest("", limit=5))
    second = corpus_store.search(SearchRequest("", limit=5, cursor=first.next_cursor))
    third = corpus_store.search(SearchRequest("", limit=5, cursor=second.next_cursor))
    ids = [h.post.id for r in (first, second, third) for h in r.hits]
    assert len(ids) == len(set(ids)) == len(search_corpus.POSTS) and third.next_cursor is None


def test_bad_cursors_and_requests(corpus_store):
    with pytest.raises(QueryError, match="bad cursor"):
        corpus_store.search(SearchRequest("", cursor="not-a-cursor"))
    date_cursor = corpus_store.search(SearchRequest("", sort="date", limit=2)).next_cursor
    with pytest.raises(QueryError, match="another sort"):
        corpus_store.search(SearchRequest("", cursor=date_cursor))
    with pytest.raises(QueryError, match="interval"):
        corpus_store.search(SearchRequest("", interval="month"))
    with pytest.raises(QueryError, match="column 1"):
        corpus_store.search(SearchRequest("(nivea"))


def test_significant_terms(corpus_store):
    terms = corpus_store.search(SearchRequest("platform:mastodon", significant=True)).significant_terms
    assert terms == ()  # no word appears in 3 of these 4 posts
    assert corpus_store.search(SearchRequest("", significant=False)).significant_terms == ()
