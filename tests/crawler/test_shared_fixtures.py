"""Real recorded pages from ../shared/fixtures, replayed from 127.0.0.1 and crawled through the real spiders."""

from datetime import UTC, datetime

import pytest

from crawler.parsers.reviews import parse_review_page
from crawler.runner import crawl_watch
from index import open_store
from portevoix.watch import parse_watch
from tests.conftest import SHARED, Route, requires_shared

SAMPLES = SHARED / "fixtures" / "schemaorg" / "tests" / "samples"
pytestmark = requires_shared


@pytest.mark.slow
def test_real_review_pages_crawl_completely(local_site, settings):
    pages = {"creativework": SAMPLES / "schema.org" / "CreativeWork.001.html", "nullld": SAMPLES / "misc" / "null_ld_mock.html"}
    routes = {f"/{name}.html": Route(path.read_bytes()) for name, path in pages.items()}
    routes["/"] = Route("".join(f'<a href="/{name}.html">{name}</a>' for name in pages))
    site = local_site(routes)
    watch = parse_watch(f'name = "shared"\n[[brands]]\nname = "X"\n[[sources]]\ntype = "reviews"\nurl = "{site.url}/"\nfollow = "\\\\.html$"\n')
    run = crawl_watch(watch, settings)
    store = open_store(settings)
    posts = [p for batch in store.iter_posts() for p in batch]
    store.close()
    assert run.counts["posts_inserted"] == 3
    by_title = {p.title: p for p in posts}
    masterpiece = by_title["A masterpiece of literature"]
    assert masterpiece.product == "The Catcher in the Rye" and masterpiece.rating == 5.0
    assert masterpiece.author_id == "web:127.0.0.1/john-doe"
    assert masterpiece.published_at == datetime(2006, 5, 4, tzinfo=UTC)
    assert any(p.author_id == "web:127.0.0.1/bob-smith" for p in posts)


def test_every_recorded_page_parses_without_raising():
    pages = sorted(SAMPLES.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8", errors="replace")
        result = parse_review_page(html, "https://example.org/page", datetime.now(UTC))
        assert all(post.text.strip() for post in result.posts), page
