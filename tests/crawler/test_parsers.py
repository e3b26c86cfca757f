"""Parsers against golden files: inputs written in the platforms' real formats, expected records beside them.

Set UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change, then review the diff.
"""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.parsers.common import canonical_url, handles, hashtags, html_to_text, web_post_id
from crawler.parsers.reviews import parse_review_page
from crawler.parsers.rss import parse_feed

GOLDEN = Path(__file__).parent / "golden"
FETCHED = datetime(2026, 11, 1, tzinfo=UTC)

CASES = {
    "blog_rss2.xml": lambda body: parse_feed(body, "https://julie.example.fr/feed/", FETCHED),
    "comments_atom.xml": lambda body: parse_feed(body, "https://jake.example.com/comments.xml", FETCHED),
    "product_jsonld.html": lambda body: parse_review_page(body.decode("utf-8"), "https://shop.example.fr/tentes/quechua.html", FETCHED),
    "product_microdata.html": lambda body: parse_review_page(body.decode("utf-8"), "https://shop.example.com/bic-cristal.html", FETCHED),
}


def platform_cases() -> dict:
    """The platform parsers on inputs written in each API's format (files here, or the tests' own)."""
    from crawler.parsers.bluesky import parse_bluesky
    from crawler.parsers.discourse import parse_discourse
    from crawler.parsers.mastodon import parse_mastodon
    from crawler.parsers.reddit import parse_reddit
    from crawler.parsers.youtube import parse_youtube
    from tests.crawler import test_discourse, test_reddit, test_youtube

    def load(name):
        return json.loads((GOLDEN / name).read_text(encoding="utf-8"))

    return {
        "mastodon_timeline": lambda: parse_mastodon(load("mastodon_timeline.json"), "mastodon.example", FETCHED),
        "bluesky_search": lambda: parse_bluesky(load("bluesky_search.json"), FETCHED),
        "reddit_listing": lambda: parse_reddit(test_reddit.LISTING, FETCHED),
        "reddit_tree": lambda: parse_reddit(test_reddit.TREE, FETCHED),
        "discourse_topic": lambda: parse_discourse(test_discourse.TOPIC, test_discourse.BASE, FETCHED),
        "youtube_threads": lambda: parse_youtube(test_youtube.THREADS, FETCHED),
    }


def as_json(page) -> dict:
    return {
        # A platform post's raw is the payload it was read from, already in the input file.
        "posts": [p.model_dump(mode="json", exclude={"raw"}) for p in page.posts],
        "authors": [a.model_dump(mode="json", exclude={"fetched_at"}) for a in page.authors],
        "relations": [r.model_dump(mode="json", exclude={"fetched_at"}) for r in page.relations],
        "links": list(page.links),
        "errors": list(page.errors),
    }


def check_golden(actual: dict, expected_file: Path) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert actual == json.loads(expected_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name):
    check_golden(as_json(CASES[name]((GOLDEN / name).read_bytes())), GOLDEN / (name.rsplit(".", 1)[0] + ".expected.json"))


@pytest.mark.parametrize("name", sorted(platform_cases()))
def test_platform_golden(name):
    check_golden(as_json(platform_cases()[name]()), GOLDEN / f"{name}.expected.json")


def test_platform_posts_keep_their_whole_payload():
    cases = platform_cases()
    timeline = json.loads((GOLDEN / "mastodon_timeline.json").read_text(encoding="utf-8"))
    first = next(p for p in cases["mastodon_timeline"]().posts if p.id.endswith("113000000000000003"))
    assert first.raw == next(s for s in timeline if s["id"] == "113000000000000003")
    search = json.loads((GOLDEN / "bluesky_search.json").read_text(encoding="utf-8"))
    assert cases["bluesky_search"]().posts[0].raw == search["posts"][0]
    submission = cases["reddit_listing"]().posts[0].raw
    assert submission["kind"] == "t3" and submission["score"] == 42 and submission["permalink"].startswith("/r/beaute/")
    assert all("replies" not in p.raw for p in cases["reddit_tree"]().posts)  # replies are posts of their own
    assert cases["discourse_topic"]().posts[0].raw["actions_summary"] == [{"id": 2, "count": 3}]
    assert cases["youtube_threads"]().posts[0].raw["snippet"]["authorChannelId"] == {"value": "UCcamille"}


def test_rss_details():
    page = parse_feed((GOLDEN / "blog_rss2.xml").read_bytes(), "https://julie.example.fr/feed/", FETCHED)
    [post] = page.posts
    assert page.errors == ("entry_without_link_or_text",)
    assert post.lang == "fr" and post.kind == "article"
    assert post.published_at == datetime(2026, 3, 3, 7, 30, tzinfo=UTC)
    assert post.hashtags == ("lorealparis",) and post.mentions == ("lorealparis",)
    assert "https://julie.example.fr/2026/02/avis/" in post.links
    assert "alert" not in post.text  # scripts never become text
    assert post.author_id == "web:julie.example.fr/julie-bernard"


def test_atom_threading_gives_replies_and_quotes():
    [comment] = parse_feed((GOLDEN / "comments_atom.xml").read_bytes(), "https://jake.example.com/comments.xml", FETCHED).posts
    assert comment.kind == "comment" and comment.id != comment.parent_id
    assert comment.parent_id == web_post_id("https://jake.example.com/2026/04/tent/")
    assert comment.quote_id == web_post_id("https://mike.example.com/2026/03/gear/")
    assert comment.published_at == datetime(2026, 4, 2, 7, 15, tzinfo=UTC)


def test_reviews_keep_rating_product_and_survive_broken_json_ld():
    page = parse_review_page((GOLDEN / "product_jsonld.html").read_text(), "https://shop.example.fr/tentes/quechua.html", FETCHED)
    assert [(p.rating, p.rating_max, p.product) for p in page.posts] == [(5.0, 5.0, "Tente Quechua 2 Seconds"), (3.0, 5.0, "Tente Quechua 2 Seconds")]
    assert "jsonld_malformed" in page.errors and "review_without_text" in page.errors
    assert page.links == ("https://shop.example.fr/tentes/autre.html",)  # same site only, no fragments
    assert page.authors[0].profile_url == "https://shop.example.fr/membres/karim"
    again = parse_review_page((GOLDEN / "product_jsonld.html").read_text(), "https://shop.example.fr/tentes/quechua.html", FETCHED)
    assert [p.id for p in again.posts] == [p.id for p in page.posts]  # ids are stable across fetches


def test_unreadable_input():
    assert parse_feed(b"<html>not a feed", "https://x.example/feed", FETCHED).errors == ("feed_unreadable",)
    assert parse_review_page("", "https://x.example/", FETCHED).posts == ()


def test_helpers():
    assert canonical_url("https://a.example/p?b=2&a=1&utm_source=rss#frag") == "https://a.example/p?a=1&b=2"
    assert web_post_id("https://a.example/p?b=2&a=1&utm_medium=feed") == web_post_id("https://a.example/p?a=1&b=2")
    assert web_post_id("https://a.example/p#comment-7") != web_post_id("https://a.example/p")
    assert hashtags("Top #LorealParis et #2026 #été") == ("lorealparis", "été")
    assert handles("merci @lorealparis et @jake@mastodon.social, mail a@b.fr") == ("lorealparis", "jake@mastodon.social")
    assert html_to_text("<p>Un</p><p>Deux &amp; trois</p>") == "Un\nDeux & trois"
