"""Bluesky: the parser on a search response written in the AppView's format, the spider against a
local AppView, and the real recordings from bsky.social."""

import json
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import pytest

from crawler.parsers.bluesky import parse_bluesky, post_id
from crawler.runner import crawl_watch
from index import open_store
from portevoix.watch import parse_watch
from tests.conftest import SHARED, Route, requires_shared

GOLDEN = Path(__file__).parent / "golden"
FETCHED = datetime(2026, 3, 3, tzinfo=UTC)
SEARCH = json.loads((GOLDEN / "bluesky_search.json").read_text(encoding="utf-8"))
FIRST, SECOND = "at://did:plc:camille111/app.bsky.feed.post/3lzaaaaaaaa2a", "at://did:plc:jules222/app.bsky.feed.post/3lzaaaaaaab2b"


def test_search_posts_authors_and_relations():
    page = parse_bluesky(SEARCH, FETCHED)
    posts = {p.id: p for p in page.posts}
    first = posts[post_id(FIRST)]
    assert first.id == "bluesky:did:plc:camille111/3lzaaaaaaaa2a"
    assert first.url == "https://bsky.app/profile/camille.bsky.social/post/3lzaaaaaaaa2a"
    assert (first.hashtags, first.mentions, first.links) == (("nivea",), ("nivea.bsky.social",), ("https://www.nivea.fr/creme",))
    assert first.metrics == {"replies": 1, "shares": 3, "likes": 10, "quotes": 1} and first.lang == "fr"
    assert first.author_id == "bluesky:camille.bsky.social" and first.published_at == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    reply = posts[post_id(SECOND)]
    assert (reply.kind, reply.parent_id, reply.quote_id, reply.lang) == ("reply", first.id, first.id, "en")
    assert page.errors == ("bluesky_post_malformed",)
    assert {a.id for a in page.authors} == {"bluesky:camille.bsky.social", "bluesky:jules.example.com"}


def test_author_feed_reposts_become_relations():
    reposter = {"did": "did:plc:sam333", "handle": "sam.bsky.social", "displayName": "Sam"}
    feed = {"feed": [
        {"post": SEARCH["posts"][0], "reason": {"$type": "app.bsky.feed.defs#reasonRepost", "by": reposter, "indexedAt": "2026-03-02T12:00:00.000Z"}},
        {"post": SEARCH["posts"][0], "reason": {"$type": "app.bsky.feed.defs#reasonRepost", "by": {"did": "did:plc:nohandle"}}},
        {"post": SEARCH["posts"][1]},
    ]}
    page = parse_bluesky(feed, FETCHED)
    (repost,) = page.relations
    assert (repost.kind, repost.author_id, repost.post_id, repost.target_author_id) == (
        "repost", "bluesky:sam.bsky.social", post_id(FIRST), "bluesky:camille.bsky.social")
    assert repost.at == datetime(2026, 3, 2, 12, tzinfo=UTC)
    assert "bluesky:sam.bsky.social" in {a.id for a in page.authors}
    assert "bluesky_repost_malformed" in page.errors  # a reason without its reposter's handle


def test_threads_and_profiles():
    reply = SEARCH["posts"][1]
    thread = {"thread": {"$type": "app.bsky.feed.defs#threadViewPost", "post": SEARCH["posts"][0], "replies": [{"post": reply, "replies": []}, {"$type": "app.bsky.feed.defs#notFoundPost", "uri": "at://x/app.bsky.feed.post/y"}]}}
    assert {p.id for p in parse_bluesky(thread, FETCHED).posts} == {post_id(FIRST), post_id(SECOND)}
    profiles = {"profiles": [{"did": "did:plc:camille111", "handle": "Camille.bsky.social", "followersCount": 1200, "followsCount": 80, "postsCount": 300, "description": "Beauté"}]}
    [author] = parse_bluesky(profiles, FETCHED).authors
    assert (author.id, author.followers, author.bio) == ("bluesky:camille.bsky.social", 1200, "Beauté")
    assert parse_bluesky({"preferences": []}, FETCHED).errors == ("bluesky_unexpected_payload",)
    with pytest.raises(ValueError):
        post_id("at://did:plc:x/app.bsky.feed.like/abc")


@pytest.mark.slow
def test_spider_pages_threads_and_profiles(local_site, settings):
    second_page = {"posts": [], "cursor": None}
    thread = {"thread": {"post": SEARCH["posts"][0], "replies": [{"post": SEARCH["posts"][1], "replies": []}]}}
    profiles = {"profiles": [{"did": "did:plc:camille111", "handle": "camille.bsky.social", "followersCount": 1200}]}
    site = local_site(
        {
            "/robots.txt": Route("User-agent: *\nAllow: /\n", content_type="text/plain"),
            "/xrpc/app.bsky.feed.searchPosts?" + urlencode({"q": "nivea", "limit": 100}): Route(json.dumps(SEARCH), content_type="application/json"),
            "/xrpc/app.bsky.feed.searchPosts?" + urlencode({"q": "nivea", "limit": 100, "cursor": "25"}): Route(json.dumps(second_page), content_type="application/json"),
            "/xrpc/app.bsky.feed.getPostThread": Route(json.dumps(thread), content_type="application/json"),
            "/xrpc/app.bsky.actor.getProfiles": Route(json.dumps(profiles), content_type="application/json"),
        }
    )
    watch = parse_watch(f'name = "b"\n[[brands]]\nname = "Nivea"\n[[sources]]\ntype = "bluesky"\nsearch = "nivea"\nappview = "{site.url}"\n')
    run = crawl_watch(watch, settings)
    store = open_store(settings)
    assert {p.id for batch in store.iter_posts() for p in batch} == {post_id(FIRST), post_id(SECOND)}
    assert store.load_authors(["bluesky:camille.bsky.social"])["bluesky:camille.bsky.social"].followers == 1200
    assert any("cursor=25" in r for r in site.requests) and any("getPostThread" in r for r in site.requests)
    assert run.errors["bluesky_post_malformed"] >= 1
    store.close()


RECORDINGS = SHARED / "fixtures" / "bluesky" / "tests" / "testthat" / "_vcr"


def recorded_views():
    import yaml

    for cassette in sorted(RECORDINGS.glob("f_*.yml")):
        for interaction in yaml.safe_load(cassette.read_text(encoding="utf-8"))["http_interactions"]:
            status = interaction["response"]["status"]
            code = status if isinstance(status, int) else status.get("status_code")
            if code != 200:
                continue
            try:
                payload = json.loads(interaction["response"]["body"]["string"])
            except ValueError:
                continue
            views = payload.get("posts") or [item.get("post") for item in payload.get("feed", []) if isinstance(item, dict)]
            if "thread" in payload:
                views = [payload["thread"]["post"]]
            if views:
                yield cassette.name, payload, views


@requires_shared
def test_every_recorded_post_comes_out():
    seen = 0
    for name, payload, views in recorded_views():
        page = parse_bluesky(payload, FETCHED)
        assert page.errors == (), name
        ids = {p.id for p in page.posts}
        authors = {a.id for a in page.authors}
        for view in views:
            seen += 1
            assert post_id(view["uri"]) in ids, (name, view["uri"])
            assert f"bluesky:{view['author']['handle'].lower()}" in authors
            parent = (view["record"].get("reply") or {}).get("parent", {}).get("uri")
            post = next(p for p in page.posts if p.id == post_id(view["uri"]))
            assert post.parent_id == (post_id(parent) if parent else None)
    assert seen >= 100
