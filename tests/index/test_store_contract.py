"""One suite, every backend: the embedded store always, Elasticsearch when PORTEVOIX_ES_URL is set."""

from datetime import UTC, datetime

import pytest

from index.store import PostAnalysis, SearchRequest
from portevoix.errors import QueryError
from portevoix.models import Author, Mention, Post, Ranking, Relation, Run, Signal

WATCH = "contract"


@pytest.fixture(params=["embedded", "elasticsearch"])
def backend(request, tmp_path):
    if request.param == "embedded":
        from index.embedded import EmbeddedStore

        store = EmbeddedStore(tmp_path / "data")
    else:
        import uuid

        from index.elasticsearch import ElasticsearchStore

        url = request.getfixturevalue("es_url")
        prefix = f"portevoix-test-{uuid.uuid4().hex[:8]}"
        store = ElasticsearchStore(url, prefix=prefix)
        request.addfinalizer(lambda: store.es.indices.delete(index=f"{prefix}-*"))
    yield store
    store.close()


def post(number: int, text: str, lang: str = "fr", **fields) -> Post:
    return Post(id=f"web:{number}", platform=fields.pop("platform", "web"), text=text, lang=lang, published_at=datetime(2026, 1, number, tzinfo=UTC), url=f"https://example.org/{number}", **fields)


CORPUS = [
    post(1, "Je recommande vraiment L'Oréal, à tester absolument !", author_id="web:ex/camille"),
    post(2, "Les crèmes Nivea sont très agréables", author_id="web:ex/ines"),
    post(3, "Highly recommend the Nivea creams, a must have", lang="en", author_id="web:ex/jake"),
    post(4, "Publicité : L'Oréal en partenariat avec moi", author_id="web:ex/sophie"),
    post(5, "Rien à voir avec les marques, il pleut à Paris", author_id="web:ex/paul"),
    post(6, "Using a Bic pen as a cassette rewinder", lang="en", platform="reviews", author_id="web:ex/mike"),
]


def mention(post_id: str, brand: str, start: int = 0) -> Mention:
    return Mention(id=Mention.make_id(WATCH, post_id, brand, start), watch=WATCH, post_id=post_id, brand_id=brand, surface=brand, start=start, end=start + 5, method="name", confidence=0.9, component="test", version="1")


def signal(post_id: str, kind: str, score: float, subject: str | None = None, label: str | None = None) -> Signal:
    return Signal(id=Signal.make_id(WATCH, post_id, subject, kind), watch=WATCH, post_id=post_id, subject_id=subject, kind=kind, score=score, label=label, detector="test", version="1")


def analysis(post_id: str, mentions=(), signals=(), lang="fr") -> PostAnalysis:
    return PostAnalysis(post_id, WATCH, lang, tuple(mentions), tuple(signals), "test", "1")


@pytest.fixture
def loaded(backend):
    backend.save_posts(CORPUS)
    backend.save_analyses(
        [
            analysis("web:1", [mention("web:1", "loreal", 26)], [signal("web:1", "recommendation", 0.9), signal("web:1", "sentiment", 0.8, label="positive")]),
            analysis("web:2", [mention("web:2", "nivea", 11)], [signal("web:2", "sentiment", 0.7, label="positive")]),
            analysis("web:3", [mention("web:3", "nivea", 21)], [signal("web:3", "recommendation", 0.95)], lang="en"),
            analysis("web:4", [mention("web:4", "loreal", 14)], [signal("web:4", "sponsored", 0.95), signal("web:4", "sentiment", 0.7, label="neutral")]),
        ]
    )
    return backend


def ids(result) -> set[str]:
    return {hit.post.id for hit in result.hits}


def test_upserts_are_idempotent(backend):
    assert backend.save_posts(CORPUS).inserted == len(CORPUS)
    again = backend.save_posts(CORPUS)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, len(CORPUS))
    edited = backend.save_posts([CORPUS[0].model_copy(update={"text": "Texte corrigé"})])
    assert (edited.inserted, edited.updated) == (0, 1)
    assert backend.count_posts() == len(CORPUS)
    assert backend.load_post("web:1").text == "Texte corrigé"


def test_records_round_trip(backend):
    rich = post(7, "Texte #tag @ami", hashtags=("tag",), mentions=("ami",), links=("https://a.example",), metrics={"likes": 3}, rating=4.5, rating_max=5.0, product="Crème", raw={"nested": {"a": [1, 2]}}, parent_id="web:1")
    backend.save_posts([rich])
    assert backend.load_post("web:7") == rich
    author = Author(id="web:ex/camille", platform="web", handle="ex/camille", display_name="Camille", followers=120, verified=True)
    backend.save_authors([author])
    assert backend.load_authors(["web:ex/camille", "web:ex/nobody"]) == {"web:ex/camille": author}
    assert backend.load_post("web:missing") is None


def test_a_shorter_author_keeps_what_a_profile_told(backend):
    full = Author(id="bluesky:camille", platform="bluesky", handle="camille", display_name="Camille", followers=1200, bio="Beauté")
    backend.save_authors([full])
    backend.save_authors([Author(id="bluesky:camille", platform="bluesky", handle="camille")])
    stored = backend.load_authors(["bluesky:camille"])["bluesky:camille"]
    assert (stored.followers, stored.bio, stored.display_name) == (1200, "Beauté", "Camille")
    backend.save_authors([full.model_copy(update={"followers": 1300})])
    assert backend.load_authors(["bluesky:camille"])["bluesky:camille"].followers == 1300


def test_unanalysed_posts_and_replacing_analyses(loaded):
    pending = [p.id for batch in loaded.iter_posts(unanalyzed_for=WATCH, batch_size=2) for p in batch]
    assert sorted(pending) == ["web:5", "web:6"]
    assert sorted(p.id for batch in loaded.iter_posts(unanalyzed_for="other-watch") for p in batch) == sorted(p.id for p in CORPUS)
    loaded.save_analyses([analysis("web:1", [mention("web:1", "nivea", 3)], [signal("web:1", "recommendation", 0.1)])])
    assert [(m.post_id, m.brand_id) for m in loaded.load_mentions(WATCH) if m.post_id == "web:1"] == [("web:1", "nivea")]
    assert [s.score for s in loaded.load_signals(WATCH, ["web:1"])] == [0.1]
    assert {m.post_id for m in loaded.load_mentions(WATCH, ["loreal"])} == {"web:4"}


def test_search_words_phrases_and_boolean(loaded):
    assert ids(loaded.search(SearchRequest("recommande"))) == {"web:1"}
    assert ids(loaded.search(SearchRequest("recommended"))) == {"web:3"}  # English stemming
    assert ids(loaded.search(SearchRequest("creme"))) == {"web:2"}  # accents folded, plural stemmed
    assert ids(loaded.search(SearchRequest('"must have"'))) == {"web:3"}
    assert ids(loaded.search(SearchRequest("L'Oréal -partenariat"))) == {"web:1"}
    assert ids(loaded.search(SearchRequest("nivea OR bic"))) == {"web:2", "web:3", "web:6"}
    assert ids(loaded.search(SearchRequest("NOT nivea", limit=50))) == {"web:1", "web:4", "web:5", "web:6"}
    assert loaded.search(SearchRequest("")).total == len(CORPUS)


def test_search_filters_and_counts(loaded):
    result = loaded.search(SearchRequest("", limit=50))
    assert result.counts["brand"] == {"loreal": 2, "nivea": 2}
    assert result.counts["platform"] == {"web": 5, "reviews": 1}
    assert result.counts["signal"] == {"recommendation": 2, "sponsored": 1}
    assert result.counts["sentiment"] == {"positive": 2, "neutral": 1}
    assert ids(loaded.search(SearchRequest("", brands=("nivea",)))) == {"web:2", "web:3"}
    assert ids(loaded.search(SearchRequest("", langs=("en",)))) == {"web:3", "web:6"}
    assert ids(loaded.search(SearchRequest("", signals=("recommendation",), brands=("loreal",)))) == {"web:1"}
    assert ids(loaded.search(SearchRequest("", since=datetime(2026, 1, 5, tzinfo=UTC)))) == {"web:5", "web:6"}
    assert ids(loaded.search(SearchRequest("", until=datetime(2026, 1, 2, tzinfo=UTC)))) == {"web:1", "web:2"}
    hit = next(h for h in loaded.search(SearchRequest("recommande")).hits)
    assert hit.brands == ("loreal",)


def test_search_sorting_and_paging(loaded):
    newest = loaded.search(SearchRequest("", sort="date", limit=3))
    assert [h.post.id for h in newest.hits] == ["web:6", "web:5", "web:4"]
    second_page = loaded.search(SearchRequest("", sort="date", limit=3, cursor=newest.next_cursor))
    assert [h.post.id for h in second_page.hits] == ["web:3", "web:2", "web:1"]
    assert newest.total == second_page.total == len(CORPUS)


def test_a_bad_query_is_a_query_error(loaded):
    with pytest.raises(QueryError, match="column 1"):
        loaded.search(SearchRequest("(nivea"))


def test_rankings_latest_run_and_runs(backend):
    def ranking(run_id: str, author: str, rank: int, created: datetime) -> Ranking:
        return Ranking(id=Ranking.make_id(run_id, "ambassador", "loreal", author), run_id=run_id, watch=WATCH, role="ambassador", subject_id="loreal", author_id=author, rank=rank, score=1.0 / rank, parts={"advocacy": 1.0}, evidence_post_ids=("web:1",), community=rank, component="t", version="1", created_at=created)

    backend.save_rankings([ranking("old", "a", 1, datetime(2026, 1, 1, tzinfo=UTC))])
    backend.save_rankings([ranking("new", "b", 1, datetime(2026, 2, 1, tzinfo=UTC)), ranking("new", "c", 2, datetime(2026, 2, 1, tzinfo=UTC))])
    assert [(r.author_id, r.community) for r in backend.load_rankings(WATCH, "ambassador")] == [("b", 1), ("c", 2)]
    assert [r.author_id for r in backend.load_rankings(WATCH, "ambassador", run_id="old")] == ["a"]
    assert backend.load_rankings(WATCH, "prescriber") == []
    started = datetime(2026, 3, 1, tzinfo=UTC)
    run = Run(id="crawl-1", watch=WATCH, stage="crawl", started_at=started)
    backend.save_run(run)
    backend.save_run(run.model_copy(update={"status": "ok", "counts": {"posts": 3}, "errors": {"http_500": 1}}))
    [stored] = backend.load_runs(WATCH, "crawl")
    assert stored.status == "ok" and stored.counts == {"posts": 3} and stored.errors == {"http_500": 1}


def test_relations_round_trip_once_each(backend):
    def repost(author: str, number: int) -> Relation:
        target = f"web:{number}"
        return Relation(id=Relation.make_id("repost", author, target), kind="repost", platform="web", author_id=author, post_id=target, target_author_id="web:x", at=datetime(2026, 3, number, tzinfo=UTC))

    relations = [repost(f"web:a{i}", 1 + i % 3) for i in range(7)]
    assert backend.save_relations(relations) == 7
    backend.save_relations(relations[:3])  # a re-crawl sees the same reposts again
    stored = [r for batch in backend.iter_relations(batch_size=3) for r in batch]
    assert sorted(stored, key=lambda r: r.id) == sorted(relations, key=lambda r: r.id)


def test_reindex_rebuilds_the_same_answers(loaded):
    before = ids(loaded.search(SearchRequest("nivea", limit=50)))
    assert loaded.reindex() == len(CORPUS)
    assert ids(loaded.search(SearchRequest("nivea", limit=50))) == before


def test_crawl_state_is_remembered_and_merged(backend):
    assert backend.load_crawl_state("rss:https://a.example/feed") == {}
    backend.save_crawl_state("rss:https://a.example/feed", etag='"v1"', last_modified="Mon, 02 Mar 2026 09:00:00 GMT")
    backend.save_crawl_state("rss:https://a.example/feed", etag='"v2"')
    state = backend.load_crawl_state("rss:https://a.example/feed")
    assert (state["etag"], state["last_modified"]) == ('"v2"', "Mon, 02 Mar 2026 09:00:00 GMT")
    backend.save_crawl_state("mastodon:m.example#nivea", cursor="113")
    assert backend.load_crawl_state("mastodon:m.example#nivea")["cursor"] == "113"
    backend.save_crawl_state("rss:https://a.example/other", etag='"x"')
    assert set(backend.load_crawl_states("rss:https://a.example/")) == {"rss:https://a.example/feed", "rss:https://a.example/other"}
    assert backend.load_crawl_states("rss:https://b.example/") == {}
