"""A scheduled re-crawl fetches only what is new: ETags answered 304, Mastodon's since_id; --full fetches all."""

import json

import pytest

from crawler.runner import crawl_watch
from portevoix.watch import parse_watch
from tests.conftest import GOLDEN_FEED, Route
from tests.crawler.test_mastodon import TIMELINE

pytestmark = pytest.mark.slow


def test_an_unchanged_feed_costs_one_304(local_site, settings):
    site = local_site({"/robots.txt": Route("User-agent: *\n", content_type="text/plain"), "/feed.xml": Route(GOLDEN_FEED(), content_type="application/rss+xml", etag='"v1"')})
    watch = parse_watch(f'name = "i"\n[[brands]]\nname = "X"\n[[sources]]\ntype = "rss"\nurl = "{site.url}/feed.xml"\n')
    first = crawl_watch(watch, settings)
    second = crawl_watch(watch, settings)
    full = crawl_watch(watch, settings, full=True)
    feed_asks = [tag for path, tag in zip(site.requests, site.conditional) if path == "/feed.xml"]
    assert feed_asks == [None, '"v1"', None]
    assert first.counts["posts_inserted"] == 1
    assert second.counts["not_modified"] == 1 and "items" not in second.counts
    assert full.counts["posts_unchanged"] == 1


def test_mastodon_asks_only_for_newer_statuses(local_site, settings):
    site = local_site(
        {
            "/robots.txt": Route("User-agent: *\n", content_type="text/plain"),
            "/api/v1/timelines/tag/nivea": Route(json.dumps(TIMELINE[:2]), content_type="application/json"),
        }
    )
    watch = parse_watch(f'name = "i"\n[[brands]]\nname = "X"\n[[sources]]\ntype = "mastodon"\ninstance = "{site.url}"\nhashtag = "nivea"\nreplies = false\n')
    crawl_watch(watch, settings)
    crawl_watch(watch, settings)
    crawl_watch(watch, settings, full=True)
    timelines = [path for path in site.requests if path.startswith("/api/v1/timelines")]
    assert timelines == [
        "/api/v1/timelines/tag/nivea?limit=40",
        "/api/v1/timelines/tag/nivea?limit=40&since_id=113000000000000003",
        "/api/v1/timelines/tag/nivea?limit=40",
    ]


def test_a_newest_first_listing_stops_where_the_last_crawl_began(local_site, settings):
    from urllib.parse import urlencode

    from tests.crawler.test_reddit import LISTING

    first_page = {**LISTING, "data": {**LISTING["data"], "after": "t3_bbb"}}
    older = {"kind": "Listing", "data": {"after": None, "children": []}}
    site = local_site(
        {
            "/robots.txt": Route("User-agent: *\n", content_type="text/plain"),
            "/r/beaute/new.json?" + urlencode({"limit": 100, "raw_json": 1}): Route(json.dumps(first_page), content_type="application/json"),
            "/r/beaute/new.json?" + urlencode({"limit": 100, "raw_json": 1, "after": "t3_bbb"}): Route(json.dumps(older), content_type="application/json"),
        }
    )
    watch = parse_watch(f'name = "i"\n[[brands]]\nname = "X"\n[[sources]]\ntype = "reddit"\nsubreddit = "beaute"\ncomments = false\nsite = "{site.url}"\n')
    crawl_watch(watch, settings)
    again = crawl_watch(watch, settings)
    pages = [path for path in site.requests if path.startswith("/r/beaute/new.json")]
    assert len(pages) == 3  # two pages the first time; the second crawl stops at its first page
    assert again.counts["stopped_at_watermark"] == 1


def test_discourse_skips_topics_not_bumped_since(local_site, settings):
    from tests.crawler.test_discourse import TOPIC

    topics = {"topic_list": {"topics": [{"id": 42, "bumped_at": "2026-03-02T10:00:00Z"}]}}
    site = local_site(
        {
            "/robots.txt": Route("User-agent: *\n", content_type="text/plain"),
            "/latest.json?page=0": Route(json.dumps(topics), content_type="application/json"),
            "/t/42.json": Route(json.dumps({**TOPIC, "post_stream": {**TOPIC["post_stream"], "stream": []}}), content_type="application/json"),
        }
    )
    watch = parse_watch(f'name = "i"\n[[brands]]\nname = "X"\n[[sources]]\ntype = "discourse"\nforum = "{site.url}"\n')
    crawl_watch(watch, settings)
    crawl_watch(watch, settings)
    assert site.requests.count("/t/42.json") == 1  # not bumped since: not read again


def test_an_age_budget_keeps_no_older_post_and_pages_no_further(local_site, settings):
    from copy import deepcopy
    from urllib.parse import urlencode

    from index import open_store
    from tests.crawler.test_bluesky import SEARCH

    old = deepcopy(SEARCH)
    for view in old["posts"]:
        view["uri"] = view["uri"].replace("3lz", "2aa")
        if "record" in view:  # the third post is a broken one, on purpose
            view["record"]["createdAt"] = "2024-01-01T10:00:00.000Z"
    old["cursor"] = "50"
    site = local_site(
        {
            "/robots.txt": Route("User-agent: *\n", content_type="text/plain"),
            "/xrpc/app.bsky.feed.searchPosts?" + urlencode({"q": "nivea", "limit": 100}): Route(json.dumps(SEARCH), content_type="application/json"),
            "/xrpc/app.bsky.feed.searchPosts?" + urlencode({"q": "nivea", "limit": 100, "cursor": "25"}): Route(json.dumps(old), content_type="application/json"),
            "/xrpc/app.bsky.feed.searchPosts?" + urlencode({"q": "nivea", "limit": 100, "cursor": "50"}): Route(json.dumps(old), content_type="application/json"),
        }
    )
    # SEARCH's posts are from March 2026, the second page's from January 2024: 400 days keep the first only.
    watch = parse_watch(f'name = "i"\n[[brands]]\nname = "X"\n[[sources]]\ntype = "bluesky"\nsearch = "nivea"\nreplies = false\nmax_age_days = 400\nappview = "{site.url}"\n')
    run = crawl_watch(watch, settings)
    store = open_store(settings)
    kept = [p for batch in store.iter_posts() for p in batch]
    store.close()
    assert kept and all(p.published_at.year == 2026 for p in kept)
    assert run.counts["too_old"] == 2 and run.counts["stopped_at_age"] == 1
    assert not any("cursor=50" in path for path in site.requests)
