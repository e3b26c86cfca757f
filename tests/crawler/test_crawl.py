"""Spiders end to end: real Scrapy over HTTP against a local site on 127.0.0.1."""

from pathlib import Path

import pytest

from crawler.runner import crawl_watch
from index import open_store
from portevoix.watch import parse_watch
from tests.conftest import Route

GOLDEN = Path(__file__).parent / "golden"
pytestmark = pytest.mark.slow


def site_routes() -> dict[str, Route]:
    feed = (GOLDEN / "blog_rss2.xml").read_text(encoding="utf-8")
    product = (GOLDEN / "product_jsonld.html").read_text(encoding="utf-8").replace("/tentes/autre.html", "/shop/bic.html")
    index = '<html><body><a href="/shop/tente.html">t</a> <a href="/shop/bic.html">b</a> <a href="/shop/broken.html">x</a> <a href="/shop/missing.html">m</a> <a href="/private/secret.html">p</a> <a href="/shop/huge.html">h</a></body></html>'
    return {
        "/robots.txt": Route("User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
        "/feed.xml": Route(feed, content_type="application/rss+xml"),
        "/bad-feed.xml": Route("<rss><channel><item><title>oops", content_type="application/rss+xml"),
        "/not-a-feed.xml": Route(b"\x00\x01binary garbage", content_type="application/octet-stream"),
        "/shop/": Route(index),
        "/shop/tente.html": Route(product),
        "/shop/bic.html": Route((GOLDEN / "product_microdata.html").read_text(encoding="utf-8")),
        "/shop/broken.html": Route("server exploded", status=500),
        "/private/secret.html": Route((GOLDEN / "product_microdata.html").read_text(encoding="utf-8")),
        "/shop/huge.html": Route("<html><body>" + "x" * 300_000 + "</body></html>"),
    }


def watch_for(url: str):
    return parse_watch(
        f"""
name = "crawl-test"
[[brands]]
name = "Décathlon"
[[sources]]
type = "rss"
url = "{url}/feed.xml"
[[sources]]
type = "rss"
url = "{url}/bad-feed.xml"
[[sources]]
type = "rss"
url = "{url}/not-a-feed.xml"
[[sources]]
type = "reviews"
url = "{url}/shop/"
follow = "/(shop|private)/[a-z]+\\\\.html$"
"""
    )


def test_crawl_stores_posts_records_faults_and_recrawls_without_duplicates(local_site, settings):
    site = local_site(site_routes())
    settings = settings.with_values(max_response_mb=0.1)
    run = crawl_watch(watch_for(site.url), settings)
    assert run.status == "ok"
    store = open_store(settings)
    posts = [p for batch in store.iter_posts() for p in batch]
    # One feed article (the linkless item is refused), two reviews on the tent page, one on the Bic page.
    assert len(posts) == 4
    assert {p.kind for p in posts} == {"article", "review"}
    assert sum(1 for p in posts if p.product == "Bic Cristal (50 pens)") == 1
    assert "/private/secret.html" not in site.requests  # robots.txt obeyed
    assert run.errors["http_500"] == 1 and run.errors["http_404"] == 1
    assert run.errors["entry_without_link_or_text"] == 2  # one in each feed: the broken one yields nothing else
    assert run.errors["feed_unreadable"] == 1
    assert run.errors["jsonld_malformed"] == 1
    assert run.errors["robots_disallowed"] == 1
    assert run.errors["response_too_large"] == 1  # the page over max_response_mb
    assert run.counts["posts_inserted"] == 4
    [stored_run] = [r for r in store.load_runs("crawl-test", "crawl") if r.id == run.id]
    assert stored_run.errors == run.errors

    again = crawl_watch(watch_for(site.url), settings)
    assert again.counts.get("posts_inserted", 0) == 0 and again.counts["posts_unchanged"] == 4
    assert store.count_posts() == 4
    store.close()


def test_private_addresses_are_refused_unless_allowed(local_site, settings):
    site = local_site(site_routes())
    run = crawl_watch(watch_for(site.url), settings.with_values(allow_private_addresses=False))
    assert run.errors["blocked_private_address"] >= 3
    assert site.requests == []
    store = open_store(settings)
    assert store.count_posts() == 0
    store.close()


def test_a_watch_without_sources_has_nothing_to_crawl(settings):
    run = crawl_watch(parse_watch('name = "empty"\n[[brands]]\nname = "X"\n'), settings)
    assert run.status == "ok" and "no sources" in run.message


def test_a_crawl_killed_midway_resumes_without_duplicates(settings):
    import pickle
    import signal
    import subprocess
    import sys
    import time

    from portevoix.demo.site import DemoSite, write_demo_watch
    from portevoix.models import Run, utc_now
    from portevoix.watch import load_watch

    with DemoSite(port=0) as site:
        watch = load_watch(write_demo_watch(settings.data_dir.parent / "demo.toml", site.base_url))
        run = Run(id="crawl-killed", watch=watch.name, stage="crawl", started_at=utc_now())
        child = subprocess.Popen([sys.executable, "-m", "crawler.runner"], stdin=subprocess.PIPE)
        child.stdin.write(pickle.dumps((watch, settings, run, False, None)))
        child.stdin.close()
        time.sleep(2)
        child.send_signal(signal.SIGKILL)  # wherever it is: between pages, mid-batch, mid-commit
        child.wait()
        store = open_store(settings)
        stored_before = store.count_posts()
        resumed = crawl_watch(watch, settings)
        assert store.count_posts() == 386  # every demo post, each exactly once
        assert resumed.counts.get("posts_inserted", 0) == 386 - stored_before
        store.close()
