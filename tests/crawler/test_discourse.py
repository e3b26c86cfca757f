"""Discourse: the parser on a topic written in Discourse's format, the spider against a local forum,
and the real recordings from Discourse's own API client."""

import json
from datetime import UTC, datetime

import pytest

from crawler.parsers.discourse import parse_discourse, post_id
from crawler.runner import crawl_watch
from index import open_store
from portevoix.watch import parse_watch
from tests.conftest import SHARED, Route, requires_shared

FETCHED = datetime(2026, 3, 3, tzinfo=UTC)
BASE = "https://forum.example.org"


def raw_post(number, html, reply_to=None, username="camille", topic=42, **extra):
    return {"id": 1000 + number, "username": username, "name": username.title(), "created_at": "2026-03-02T10:15:00.000+01:00", "cooked": html,
            "post_number": number, "reply_to_post_number": reply_to, "topic_id": topic, "topic_slug": "avis-creme", "reply_count": 0, "quote_count": 0,
            "reads": 12, "actions_summary": [{"id": 2, "count": 3}], **extra}


TOPIC = {
    "id": 42, "title": "Avis sur la crème Nivea",
    "post_stream": {
        "posts": [
            raw_post(1, "<p>Je recommande la crème Nivea #nivea</p>"),
            raw_post(2, "<p>Pareil !</p>", username="jules"),
            raw_post(3, '<aside class="quote" data-post="1" data-topic="42"><blockquote><p>Je recommande</p></blockquote></aside><p>Moi non, elle colle.</p>', reply_to=2, username="paul"),
            raw_post(4, "", username="ghost", deleted_at="2026-03-03T00:00:00Z"),
        ],
        "stream": [1001, 1002, 1003, 1004, 1005, 1006],
    },
}


def test_topic_posts_replies_quotes_and_missing_stream():
    page = parse_discourse(TOPIC, BASE, FETCHED)
    posts = {p.id: p for p in page.posts}
    first = posts[post_id("forum.example.org", 42, 1)]
    assert (first.kind, first.title, first.text, first.hashtags) == ("post", "Avis sur la crème Nivea", "Je recommande la crème Nivea #nivea", ("nivea",))
    assert first.url == f"{BASE}/t/avis-creme/42/1" and first.metrics["likes"] == 3
    assert first.published_at == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    assert posts[post_id("forum.example.org", 42, 2)].parent_id == first.id  # a reply to the topic
    third = posts[post_id("forum.example.org", 42, 3)]
    assert (third.parent_id, third.quote_id) == (post_id("forum.example.org", 42, 2), first.id)
    assert len(posts) == 3  # the deleted post is left out
    assert page.links == (f"{BASE}/t/42/posts.json?post_ids[]=1005&post_ids[]=1006",)
    assert {a.id for a in page.authors} >= {"discourse:forum.example.org/camille", "discourse:forum.example.org/paul"}
    assert parse_discourse({"users": []}, BASE, FETCHED).errors == ("discourse_unexpected_payload",)


@pytest.mark.slow
def test_spider_reads_topic_lists_and_whole_streams(local_site, settings):
    latest = {"users": [], "topic_list": {"more_topics_url": "/latest?page=1", "topics": [{"id": 42, "title": "Avis", "slug": "avis-creme"}]}}
    rest = {"post_stream": {"posts": [raw_post(5, "<p>Cinquième</p>", username="lea"), raw_post(6, "<p>Sixième</p>", reply_to=5, username="lea")]}, "id": 42}
    site = local_site(
        {
            "/robots.txt": Route("User-agent: *\nAllow: /\n", content_type="text/plain"),
            "/latest.json?page=0": Route(json.dumps(latest), content_type="application/json"),
            "/latest.json?page=1": Route(json.dumps({"topic_list": {"topics": []}}), content_type="application/json"),
            "/t/42.json": Route(json.dumps(TOPIC), content_type="application/json"),
            "/t/42/posts.json": Route(json.dumps(rest), content_type="application/json"),
        }
    )
    watch = parse_watch(f'name = "d"\n[[brands]]\nname = "Nivea"\n[[sources]]\ntype = "discourse"\nforum = "{site.url}"\n')
    run = crawl_watch(watch, settings)
    host = site.url.split("://")[1]
    store = open_store(settings)
    ids = {p.id for batch in store.iter_posts() for p in batch}
    assert ids == {post_id(host, 42, n) for n in (1, 2, 3, 5, 6)}
    assert "/latest.json?page=1" in site.requests
    assert run.counts["posts_inserted"] == 5
    store.close()


RECORDINGS = SHARED / "fixtures" / "discourse" / "spec" / "fixtures"


@requires_shared
@pytest.mark.parametrize("name", ["topic.json", "topic_posts.json", "posts_latest.json", "post.json"])
def test_every_recorded_post_comes_out(name):
    payload = json.loads((RECORDINGS / name).read_text(encoding="utf-8"))
    raws = payload.get("post_stream", {}).get("posts") or payload.get("latest_posts") or [payload]
    page = parse_discourse(payload, "https://try.discourse.org", FETCHED)
    ids = {p.id for p in page.posts}
    for raw in raws:
        if raw.get("cooked") and not raw.get("deleted_at") and not raw.get("hidden"):
            assert post_id("try.discourse.org", raw["topic_id"], raw["post_number"]) in ids
    assert page.errors == ()
