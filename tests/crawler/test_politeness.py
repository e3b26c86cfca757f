"""Retries that wait as the server asks: against a local site that answers 429 and 503 before 200."""

import time
from email.utils import format_datetime
from datetime import UTC, datetime

import pytest

from crawler.politeness import retry_after
from crawler.runner import crawl_watch
from index import open_store
from portevoix.watch import parse_watch
from tests.conftest import GOLDEN_FEED, Route


def headers(**values):
    return {name.replace("_", "-").encode(): value.encode() for name, value in values.items()}


def test_what_servers_ask():
    now = 1_800_000_000.0
    assert retry_after(headers(Retry_After="7"), now) == 7
    assert retry_after(headers(Retry_After=format_datetime(datetime.fromtimestamp(now + 30, UTC), usegmt=True)), now) == pytest.approx(30, abs=1)
    assert retry_after(headers(x_ratelimit_remaining="0", x_ratelimit_reset=datetime.fromtimestamp(now + 60, UTC).isoformat()), now) == pytest.approx(60, abs=1)
    assert retry_after(headers(ratelimit_remaining="0", ratelimit_reset=str(int(now + 12))), now) == 12  # Bluesky: epoch seconds
    assert retry_after(headers(ratelimit_remaining="5", ratelimit_reset=str(int(now + 12))), now) is None
    assert retry_after({}, now) is None


@pytest.mark.slow
def test_a_crawl_waits_out_429_and_503_then_gets_everything(local_site, settings):
    site = local_site(
        {
            "/robots.txt": Route("User-agent: *\n", content_type="text/plain"),
            "/feed.xml": [
                Route("slow down", status=429, headers={"Retry-After": "1"}),
                Route("busy", status=503),
                Route(GOLDEN_FEED(), content_type="application/rss+xml"),
            ],
            "/down.xml": Route("down", status=503),
        }
    )
    watch = parse_watch(f'name = "p"\n[[brands]]\nname = "X"\n[[sources]]\ntype = "rss"\nurl = "{site.url}/feed.xml"\n[[sources]]\ntype = "rss"\nurl = "{site.url}/down.xml"\n')
    began = time.monotonic()
    run = crawl_watch(watch, settings.with_values(retry_backoff=0.2, retry_times=2))
    assert time.monotonic() - began >= 1.0  # the Retry-After was honoured
    assert site.requests.count("/feed.xml") == 3 and site.requests.count("/down.xml") == 3  # 1 try + 2 retries
    assert run.counts["posts_inserted"] == 1
    assert run.errors["http_503"] == 1  # the feed that stayed down, after its retries
    assert run.errors["waited_for_server"] == 4
    store = open_store(settings)
    assert store.count_posts() == 1
    store.close()
