"""Article pages: the main text (trafilatura) and WordPress comments, parsed and crawled from a local blog."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.parsers.common import web_post_id
from crawler.parsers.web import parse_article
from crawler.runner import crawl_watch
from index import open_store
from portevoix.watch import parse_watch
from tests.conftest import Route

GOLDEN = Path(__file__).parent / "golden"
URL = "https://julie.example.fr/beaute/avis-nivea/"
FETCHED = datetime(2026, 3, 4, tzinfo=UTC)


def test_article_and_threaded_comments():
    page = parse_article((GOLDEN / "wordpress_article.html").read_text(encoding="utf-8"), URL, FETCHED)
    article, *comments = page.posts
    assert (article.id, article.kind, article.title, article.lang) == (web_post_id(URL), "article", "Mon avis sur la crème Nivea", "fr")
    assert article.text.startswith("Après trois mois d’utilisation, je recommande vraiment la crème Nivea")
    assert "Accueil" not in article.text and "Thomas" not in article.text  # navigation and comments are not the article
    assert article.author_id == "web:julie.example.fr/julie-bernard" and article.hashtags == ("nivea",)
    assert article.published_at.date().isoformat() == "2026-03-02"
    by_anchor = {c.url.split("#")[1]: c for c in comments}
    assert set(by_anchor) == {"comment-7", "comment-8", "comment-9"}
    assert by_anchor["comment-7"].parent_id == article.id and by_anchor["comment-9"].parent_id == article.id
    assert by_anchor["comment-8"].parent_id == by_anchor["comment-7"].id  # a reply to Thomas
    assert by_anchor["comment-8"].text == "Avec plaisir Thomas, tu me diras !"  # its own words, not its parent's
    assert by_anchor["comment-7"].text == "Merci pour l’astuce des chaussures, je vais tester !"
    assert by_anchor["comment-7"].author_id == "web:julie.example.fr/thomas"
    assert by_anchor["comment-7"].published_at == datetime(2026, 3, 2, 11, 30, tzinfo=UTC)
    assert "https://julie.example.fr/beaute/avis-elseve/" in page.links and not any("ailleurs" in link for link in page.links)


def test_a_page_without_an_article():
    page = parse_article("<html><body><nav>menu</nav></body></html>", URL, FETCHED)
    assert page.posts == ()


@pytest.mark.slow
def test_spider_follows_the_blog(local_site, settings):
    article = (GOLDEN / "wordpress_article.html").read_text(encoding="utf-8")
    site = local_site(
        {
            "/robots.txt": Route("User-agent: *\n", content_type="text/plain"),
            "/beaute/": Route('<html><body><a href="/beaute/avis-nivea/">Nivea</a></body></html>'),
            "/beaute/avis-nivea/": Route(article),
            "/beaute/avis-elseve/": Route(article.replace("Nivea", "Elseve").replace("comment-", "c-")),
        }
    )
    watch = parse_watch(f'name = "w"\n[[brands]]\nname = "Nivea"\n[[sources]]\ntype = "web"\nurl = "{site.url}/beaute/"\nfollow = "/beaute/avis-"\n')
    run = crawl_watch(watch, settings)
    store = open_store(settings)
    posts = [p for batch in store.iter_posts() for p in batch]
    assert sum(p.kind == "article" for p in posts) == 2 and sum(p.kind == "comment" for p in posts) == 3
    assert run.counts["posts_inserted"] == 5
    store.close()
