"""Mastodon: the parser on a timeline written in the API's format, the spider against a local
instance, and the real recordings from mastodon.social."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.parsers.mastodon import parse_mastodon, post_id
from crawler.runner import crawl_watch
from index import open_store
from portevoix.watch import parse_watch
from tests.conftest import SHARED, Route, requires_shared

GOLDEN = Path(__file__).parent / "golden"
FETCHED = datetime(2026, 3, 3, tzinfo=UTC)
TIMELINE = json.loads((GOLDEN / "mastodon_timeline.json").read_text(encoding="utf-8"))


def test_timeline_posts_authors_and_relations():
    page = parse_mastodon(TIMELINE, "mastodon.example", FETCHED)
    posts = {p.id: p for p in page.posts}
    first = posts[post_id("mastodon.example", "113000000000000003")]
    assert first.text.startswith("Je recommande la crème #Nivea, merci @nivea !")
    assert (first.hashtags, first.mentions, first.links) == (("nivea",), ("nivea",), ("https://www.nivea.fr/creme",))
    assert first.metrics == {"replies": 1, "shares": 4, "likes": 12, "quotes": 1}
    assert first.author_id == "mastodon:camille@mastodon.example" and first.lang == "fr" and first.kind == "post"
    assert first.published_at == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    reply = posts[post_id("mastodon.example", "113000000000000002")]
    assert reply.kind == "reply" and reply.parent_id == first.id and reply.title == "Avis mitigé"
    assert reply.author_id == "mastodon:jules@other.example"
    # The boost has no words of its own; the boosted status is a post, and it quotes the first one.
    boosted = posts[post_id("mastodon.example", "112999999999999999")]
    assert boosted.quote_id == first.id and boosted.author_id == "mastodon:mike@mastodon.example"
    assert post_id("mastodon.example", "113000000000000001") not in posts
    assert len(page.posts) == 3  # the quoted copy of the first status is the same post, kept once
    assert page.errors == ("mastodon_status_malformed",)
    authors = {a.id: a for a in page.authors}
    assert authors["mastodon:camille@mastodon.example"].followers == 120
    assert authors["mastodon:camille@mastodon.example"].bio == "Beauté & bons plans"
    assert "mastodon:sam@mastodon.example" in authors  # who boosted is an author too
    # ... and the boost itself a relation: who reposted which post, whose, when.
    (boost,) = page.relations
    assert (boost.kind, boost.author_id, boost.post_id, boost.target_author_id) == (
        "repost", "mastodon:sam@mastodon.example", boosted.id, "mastodon:mike@mastodon.example")
    assert boost.at == datetime(2026, 3, 2, 11, 0, tzinfo=UTC)


def test_unexpected_payloads():
    assert parse_mastodon({"error": "Record not found"}, "m.example", FETCHED).errors == ("mastodon_unexpected_payload",)
    assert parse_mastodon([], "m.example", FETCHED).posts == ()


def instance_routes() -> dict[str, Route]:
    first_page, second_page = TIMELINE[:2], TIMELINE[2:]
    context = {"ancestors": [], "descendants": [TIMELINE[1]]}
    account = {"id": "1", "username": "camille", "acct": "camille"}
    return {
        "/robots.txt": Route("User-agent: *\nAllow: /\n", content_type="text/plain"),
        "/api/v1/timelines/tag/nivea": Route(json.dumps(first_page), content_type="application/json", headers={"Link": '<{base}/api/v1/timelines/tag/nivea?max_id=113000000000000002>; rel="next", <{base}/api/v1/timelines/tag/nivea?min_id=113000000000000003>; rel="prev"'}),
        "/api/v1/timelines/tag/nivea?max_id=113000000000000002": Route(json.dumps(second_page), content_type="application/json"),
        "/api/v1/statuses/113000000000000003/context": Route(json.dumps(context), content_type="application/json"),
        "/api/v1/accounts/lookup": Route(json.dumps(account), content_type="application/json"),
        "/api/v1/accounts/1/statuses": Route(json.dumps(TIMELINE[:1]), content_type="application/json"),
    }


def serve_instance(local_site):
    site = local_site(instance_routes())
    for route in site.routes.values():
        for name, value in route.headers.items():
            route.headers[name] = value.replace("{base}", site.url)
    return site


@pytest.mark.slow
def test_spider_follows_pages_and_threads(local_site, settings):
    site = serve_instance(local_site)
    watch = parse_watch(f'name = "m"\n[[brands]]\nname = "Nivea"\n[[sources]]\ntype = "mastodon"\ninstance = "{site.url}"\nhashtag = "#nivea"\n')
    run = crawl_watch(watch, settings)
    instance = site.url.split("://")[1]
    store = open_store(settings)
    posts = {p.id: p for batch in store.iter_posts() for p in batch}
    assert set(posts) == {post_id(instance, "113000000000000003"), post_id(instance, "113000000000000002"), post_id(instance, "112999999999999999")}
    assert posts[post_id(instance, "113000000000000002")].parent_id == post_id(instance, "113000000000000003")
    assert "/api/v1/timelines/tag/nivea?max_id=113000000000000002" in site.requests  # Link header followed
    assert "/api/v1/statuses/113000000000000003/context" in site.requests  # replies fetched
    assert store.load_authors(["mastodon:camille@" + instance])["mastodon:camille@" + instance].followers == 120
    assert run.errors == {"mastodon_status_malformed": 1}
    store.close()


@pytest.mark.slow
def test_spider_reads_an_account(local_site, settings):
    site = serve_instance(local_site)
    watch = parse_watch(f'name = "m"\n[[brands]]\nname = "Nivea"\n[[sources]]\ntype = "mastodon"\ninstance = "{site.url}"\naccount = "@camille"\nreplies = false\n')
    run = crawl_watch(watch, settings)
    assert run.counts["posts_inserted"] == 1
    assert any(r.startswith("/api/v1/accounts/lookup?acct=camille") for r in site.requests)


def test_a_source_needs_exactly_one_feed():
    from portevoix.errors import WatchError

    with pytest.raises(WatchError, match="exactly one of 'hashtag', 'account' or 'search'"):
        parse_watch('name = "m"\n[[brands]]\nname = "X"\n[[sources]]\ntype = "mastodon"\ninstance = "m.example"\nhashtag = "a"\nsearch = "b"\n')


RECORDINGS = SHARED / "fixtures" / "mastodon" / "tests" / "cassettes_entity_tests"


def recorded_statuses():
    """Every recorded mastodon.social response that carries statuses: (endpoint, payload)."""
    import yaml

    for cassette in sorted(RECORDINGS.glob("*.yaml")):
        for interaction in yaml.safe_load(cassette.read_text(encoding="utf-8"))["interactions"]:
            uri = interaction["request"]["uri"].split("?")[0]
            endpoint = uri.split("mastodon.social", 1)[-1]
            is_status = endpoint.startswith("/api/v1/statuses/") and endpoint.count("/") == 4
            if interaction["response"]["status"]["code"] == 200 and (is_status or endpoint.endswith("/context") or endpoint == "/api/v2/search"):
                yield endpoint, json.loads(interaction["response"]["body"]["string"])


@requires_shared
def test_every_recorded_status_comes_out():
    seen = 0
    for endpoint, payload in recorded_statuses():
        page = parse_mastodon(payload, "mastodon.social", FETCHED)
        statuses = payload.get("statuses", []) if endpoint == "/api/v2/search" else [*payload.get("ancestors", []), *payload.get("descendants", [])] if endpoint.endswith("/context") else [payload]
        ids = {p.id for p in page.posts}
        for status in statuses:
            if status.get("reblog") or not (status.get("content") or status.get("media_attachments")):
                continue
            seen += 1
            assert post_id("mastodon.social", status["id"]) in ids, (endpoint, status["id"])
            author = f"mastodon:{status['account']['acct'] if '@' in status['account']['acct'] else status['account']['acct'] + '@mastodon.social'}".lower()
            assert author in {a.id for a in page.authors}
        if endpoint.endswith("/context"):
            focal = endpoint.split("/")[4]
            for post in page.posts:
                assert post.parent_id is None or post.parent_id in ids | {post_id("mastodon.social", focal)}
    assert seen >= 20
