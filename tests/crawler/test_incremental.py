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
