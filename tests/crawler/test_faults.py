"""A fault-injection site on 127.0.0.1: 429s, 500s, slow answers, truncated bodies, malformed JSON and HTML,
wrong encodings, redirect loops and huge pages, next to good sources. The crawl completes, everything valid
is stored, and each fault is a code on the run."""

import json

import pytest

from crawler.runner import crawl_watch
from index import open_store
from portevoix.watch import parse_watch
from tests.conftest import GOLDEN_FEED, Route
from tests.crawler.test_mastodon import TIMELINE

pytestmark = pytest.mark.slow

LATIN1_FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Élodie</title><language>fr</language>
<item><title>Crème</title><link>https://latin.example.fr/creme</link><description>Très bonne crème, je recommande</description></item>
</channel></rss>""".encode("latin-1")  # declared UTF-8, written in Latin-1


def fault_routes() -> dict[str, Route]:
    good_page = '<html><body><a href="/shop/p1.html">p1</a><a href="/shop/loop.html">loop</a><a href="/shop/slow.html">slow</a><a href="/shop/truncated.html">t</a><a href="/shop/broken.html">b</a><a href="/shop/huge.html">h</a></body></html>'
    review = '<html lang="fr"><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Crème","review":[{"@type":"Review","author":"Ana","reviewBody":"Parfaite","reviewRating":{"@type":"Rating","ratingValue":5}}]}</script></head><body></body></html>'
    return {
        "/robots.txt": Route("User-agent: *\n", content_type="text/plain"),
        "/good.xml": [Route("slow down", status=429, headers={"Retry-After": "1"}), Route(GOLDEN_FEED(), content_type="application/rss+xml")],
        "/latin.xml": Route(LATIN1_FEED, content_type="application/rss+xml; charset=utf-8"),
        "/always500.xml": Route("boom", status=500),
        "/shop/": Route(good_page),
        "/shop/p1.html": Route(review),
        "/shop/loop.html": Route("", status=302, headers={"Location": "/shop/loop.html?visit={n}"}),  # never the same URL twice
        "/shop/slow.html": Route(review, delay=3.0),
        "/shop/truncated.html": Route(review * 50, truncate=True),
        "/shop/broken.html": Route("<html><body><div><p>unclosed <script type='application/ld+json'>{nope</script>"),
        "/shop/huge.html": Route("<html><body>" + "x" * 400_000 + "</body></html>"),
        "/api/v1/timelines/tag/nivea": Route(json.dumps(TIMELINE[:1])[:-20], content_type="application/json"),  # cut JSON
        "/api/v1/timelines/tag/creme": Route(json.dumps(TIMELINE[:1]), content_type="application/json"),
    }


def test_the_crawl_completes_keeps_everything_valid_and_records_each_fault(local_site, settings):
    site = local_site(fault_routes())
    url = site.url
    watch = parse_watch(
        f"""
name = "faults"
[[brands]]
name = "Nivea"
[[sources]]
type = "rss"
url = "{url}/good.xml"
[[sources]]
type = "rss"
url = "{url}/latin.xml"
[[sources]]
type = "rss"
url = "{url}/always500.xml"
[[sources]]
type = "reviews"
url = "{url}/shop/"
follow = "/shop/"
[[sources]]
type = "mastodon"
instance = "{url}"
hashtag = "nivea"
replies = false
[[sources]]
type = "mastodon"
instance = "{url}"
hashtag = "creme"
replies = false
"""
    )
    run = crawl_watch(watch, settings.with_values(download_timeout=1.0, max_response_mb=0.2, retry_times=1))
    assert run.status == "ok"
    store = open_store(settings)
    texts = {p.text for batch in store.iter_posts() for p in batch}
    store.close()
    # Valid content from every source that had some: the feed after its 429, the mis-encoded feed
    # (decoded, not dropped), the review page, the good Mastodon timeline.
    assert "Je recommande le shampooing Elseve de L’Oréal #lorealparis, merci @lorealparis !\nVoir la gamme et mon avis précédent." in texts
    assert any("Très bonne crème" in text for text in texts)
    assert "Parfaite" in texts
    assert any(text.startswith("Je recommande la crème #Nivea") for text in texts)
    errors = run.errors
    assert errors["http_500"] == 1
    assert errors["too_many_redirects"] == 1
    assert errors["timeout"] == 1
    assert errors["response_truncated"] == 1
    assert errors["response_too_large"] == 1
    assert errors["mastodon_bad_json"] == 1
    assert errors["waited_for_server"] >= 2  # the 429, then the 500's retry
