"""Recorded platform responses from ../shared/fixtures, replayed from 127.0.0.1 and crawled by the real
spiders: what the store holds is exactly what the parser reads in the recordings, each post once, with
the recorded headers (Link pagination, rate limits) the platforms really sent."""

import gzip
import json
import re
from pathlib import Path

import pytest

from crawler.parsers.bluesky import parse_bluesky
from crawler.parsers.discourse import parse_discourse
from crawler.parsers.mastodon import parse_mastodon
from crawler.parsers.reddit import parse_reddit
from crawler.parsers.youtube import parse_youtube
from crawler.runner import crawl_watch
from index import open_store
from portevoix.models import utc_now
from portevoix.watch import parse_watch
from tests.conftest import SHARED, Route, requires_shared

pytestmark = [requires_shared, pytest.mark.slow]
FIXTURES = SHARED / "fixtures"
ROBOTS = Route("User-agent: *\nAllow: /\n", content_type="text/plain")


def recording(cassette: Path, uri_part: str) -> tuple[bytes, dict[str, str]]:
    """The body and headers of the first recorded answer whose request URI contains `uri_part`, from a
    vcrpy or R vcr cassette (YAML) or a betamax one (JSON)."""
    import yaml

    text = cassette.read_text(encoding="utf-8")
    data = json.loads(text) if cassette.suffix == ".json" else yaml.safe_load(text)
    for interaction in data.get("interactions") or data.get("http_interactions"):
        if uri_part in interaction["request"]["uri"]:
            response = interaction["response"]
            body = response["body"].get("string") or ""
            headers = {name.lower(): value[0] if isinstance(value, list) else str(value) for name, value in (response.get("headers") or {}).items()}
            return body.encode("utf-8") if isinstance(body, str) else body, headers
    raise LookupError(f"no recorded request for {uri_part} in {cassette}")


def stored(settings) -> dict:
    store = open_store(settings)
    try:
        return {p.id: p for batch in store.iter_posts() for p in batch}, [r for batch in store.iter_relations() for r in batch]
    finally:
        store.close()


def assert_complete(settings, *expected) -> None:
    """Every post, author and relation the parser reads in the recorded bodies is in the store, each post once."""
    posts, relations = stored(settings)
    assert set(posts) == {p.id for page in expected for p in page.posts} and posts
    assert {r.id for r in relations} == {r.id for page in expected for r in page.relations}
    store = open_store(settings)
    try:
        wanted = {a.id for page in expected for a in page.authors}
        assert set(store.load_authors(wanted)) == wanted
    finally:
        store.close()


def crawl_source(settings, source: str):
    """Crawl a watch with this one source (its TOML lines after `type`), and return the run."""
    return crawl_watch(parse_watch(f'name = "replay"\n[[brands]]\nname = "X"\n[[sources]]\n{source}'), settings)


def test_mastodon_hashtag_timeline_as_recorded(local_site, settings):
    body, headers = recording(FIXTURES / "mastodon" / "tests" / "cassettes" / "test_hashtag_tl.yaml", "/timelines/tag/hoot")
    routes = {"/robots.txt": ROBOTS}
    site = local_site(routes)
    # The recorded Link header points at the recording's server; the next page, at the end of the tag, is empty.
    routes["/api/v1/timelines/tag/hoot"] = Route(body, content_type="application/json", headers={"Link": headers["link"].replace("http://localhost:3000", site.url)})
    next_path = re.search(r"<http://localhost:3000(/[^>]+)>; rel=\"next\"", headers["link"]).group(1)
    routes[next_path] = Route("[]", content_type="application/json")
    run = crawl_source(settings, f'type = "mastodon"\ninstance = "{site.url}"\nhashtag = "hoot"\nreplies = false\n')
    assert_complete(settings, parse_mastodon(json.loads(body), site.url.split("://")[1], utc_now()))
    posts, _ = stored(settings)
    assert next_path in site.requests  # the recorded Link header was followed
    assert run.errors == {} and run.status == "ok"
    assert all(p.raw and "account" in p.raw for p in posts.values())  # the whole status is kept


def test_bluesky_author_feed_with_reposts_as_recorded(local_site, settings):
    cassettes = FIXTURES / "bluesky" / "tests" / "testthat" / "_vcr"
    feed, feed_headers = recording(cassettes / "f_autfeed.yml", "getAuthorFeed")
    profiles, _ = (b'{"profiles": []}', {})  # no profiles recorded for these authors
    routes = {
        "/robots.txt": ROBOTS,
        # The recorded answer came with its rate-limit headers; the recording has no cursor page after it.
        "/xrpc/app.bsky.feed.getAuthorFeed": Route(feed, content_type="application/json", headers={k: v for k, v in feed_headers.items() if k.startswith("ratelimit")}),
        "/xrpc/app.bsky.actor.getProfiles": Route(profiles, content_type="application/json"),
    }
    site = local_site(routes)
    run = crawl_source(settings, f'type = "bluesky"\nappview = "{site.url}"\nactor = "chriskenny.bsky.social"\nreplies = false\nmax_pages = 1\n')
    posts, relations = stored(settings)
    assert_complete(settings, parse_bluesky(json.loads(feed), utc_now()))
    assert len(posts) > 10 and len(relations) == 7
    assert all(r.post_id in posts and r.author_id == "bluesky:chriskenny.bsky.social" for r in relations)
    assert run.errors == {}


def test_reddit_subreddit_listing_as_recorded(local_site, settings):
    body, _ = recording(FIXTURES / "reddit" / "tests" / "integration" / "cassettes" / "TestSubredditListings.test_new.json", "/r/askreddit/new")
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    routes = {
        "/robots.txt": ROBOTS,
        "/r/askreddit/new.json": Route(body, content_type="application/json"),
    }
    site = local_site(routes)
    run = crawl_source(settings, f'type = "reddit"\nsite = "{site.url}"\nsubreddit = "askreddit"\ncomments = false\nmax_pages = 1\n')
    assert_complete(settings, parse_reddit(json.loads(body), utc_now(), site.url))
    assert len(stored(settings)[0]) >= 50
    assert run.errors == {}


def test_discourse_latest_topics_and_a_topic_as_recorded(local_site, settings):
    recorded = FIXTURES / "discourse" / "spec" / "fixtures"
    latest = (recorded / "latest.json").read_bytes()
    topic = (recorded / "topic.json").read_bytes()
    routes = {
        "/robots.txt": ROBOTS,
        "/latest.json": Route(latest, content_type="application/json"),
        **{f"/t/{t['id']}.json": Route(topic, content_type="application/json") for t in json.loads(latest)["topic_list"]["topics"]},
    }
    site = local_site(routes)
    run = crawl_source(settings, f'type = "discourse"\nforum = "{site.url}"\nmax_pages = 1\n')
    assert_complete(settings, parse_discourse(json.loads(topic), site.url, utc_now()))
    assert len(stored(settings)[0]) == 4
    assert run.errors == {}


def test_youtube_comment_threads_pages_and_replies_as_recorded(local_site, settings):
    from urllib.parse import urlencode

    recorded = FIXTURES / "youtube" / "testdata" / "apidata"
    first = (recorded / "comment_threads" / "comment_threads_by_video_paged_1.json").read_bytes()
    second = (recorded / "comment_threads" / "comment_threads_by_video_paged_2.json").read_bytes()
    replies = (recorded / "comments" / "comments_by_parent_paged_2.json").read_bytes()  # the last page of a reply list
    video = json.loads(first)["items"][0]["snippet"]["videoId"]

    def threads(token=None):
        params = {"part": "snippet,replies", "maxResults": 100, "textFormat": "html", "order": "time", "key": "test-key", "videoId": video}
        return "/commentThreads?" + urlencode({**params, **({"pageToken": token} if token else {})})

    routes = {
        "/robots.txt": ROBOTS,
        threads(): Route(first, content_type="application/json"),
        threads(json.loads(first)["nextPageToken"]): Route(second, content_type="application/json"),
        "/comments": Route(replies, content_type="application/json"),
    }
    site = local_site(routes)
    run = crawl_source(settings.with_values(youtube_api_key="test-key"), f'type = "youtube"\nvideo = "{video}"\napi = "{site.url}"\n')
    assert_complete(settings, *(parse_youtube(json.loads(body), utc_now()) for body in (first, second, replies)))
    assert len(stored(settings)[0]) >= 6
    assert threads(json.loads(first)["nextPageToken"]) in site.requests  # paged by token
    assert any(path.startswith("/comments?") for path in site.requests)  # threads with more replies than shown
    assert run.errors == {}
