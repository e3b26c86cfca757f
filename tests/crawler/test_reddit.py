"""Reddit: the parser on listings written in Reddit's format, the spider against a local site, and the
real recordings of reddit.com listings and comment trees."""

import json
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest

from crawler.parsers.reddit import iter_things, parse_reddit
from crawler.runner import crawl_watch
from index import open_store
from portevoix.watch import parse_watch
from tests.conftest import SHARED, Route, requires_shared

FETCHED = datetime(2026, 3, 3, tzinfo=UTC)


def submission(id_, title, selftext="", comments=0, author="camille_fr"):
    return {"kind": "t3", "data": {"id": id_, "name": f"t3_{id_}", "title": title, "selftext": selftext, "is_self": bool(selftext), "url": f"https://example.org/{id_}",
                                   "author": author, "created_utc": 1772442900.0, "permalink": f"/r/beaute/comments/{id_}/x/", "score": 42, "num_comments": comments, "subreddit": "beaute"}}


def comment(id_, parent, body, replies=""):
    return {"kind": "t1", "data": {"id": id_, "name": f"t1_{id_}", "parent_id": parent, "link_id": "t3_aaa", "body": body, "body_html": "", "author": "jules",
                                   "created_utc": 1772446500.0, "permalink": f"/r/beaute/comments/aaa/x/{id_}/", "score": 3, "replies": replies}}


LISTING = {"kind": "Listing", "data": {"after": "t3_bbb", "children": [submission("aaa", "Avis crème Nivea", "Je recommande la crème #nivea", comments=2), submission("bbb", "Lien vers un test")]}}
TREE = [
    {"kind": "Listing", "data": {"children": [submission("aaa", "Avis crème Nivea", "Je recommande la crème #nivea", comments=2)]}},
    {"kind": "Listing", "data": {"children": [
        comment("c1", "t3_aaa", "Pareil, top", replies={"kind": "Listing", "data": {"children": [comment("c2", "t1_c1", "[deleted]"), comment("c3", "t1_c1", "Moi aussi")]}}),
        {"kind": "more", "data": {"count": 2, "parent_id": "t3_aaa", "children": ["c4", "c5"]}},
    ]}},
]


def test_listing_and_comment_tree():
    listing = parse_reddit(LISTING, FETCHED)
    posts = {p.id: p for p in listing.posts}
    self_post, link_post = posts["reddit:t3_aaa"], posts["reddit:t3_bbb"]
    assert (self_post.title, self_post.text, self_post.hashtags) == ("Avis crème Nivea", "Je recommande la crème #nivea", ("nivea",))
    assert (link_post.title, link_post.text, link_post.links) == (None, "Lien vers un test", ("https://example.org/bbb",))
    assert self_post.url == "https://www.reddit.com/r/beaute/comments/aaa/x/" and self_post.metrics == {"likes": 42, "replies": 2}
    assert self_post.published_at == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    tree = parse_reddit(TREE, FETCHED)
    by_id = {p.id: p for p in tree.posts}
    assert by_id["reddit:t1_c1"].parent_id == "reddit:t3_aaa" and by_id["reddit:t1_c3"].parent_id == "reddit:t1_c1"
    assert "reddit:t1_c2" not in by_id  # deleted
    assert tree.links == ("https://www.reddit.com/api/morechildren.json?" + urlencode({"api_type": "json", "raw_json": 1, "link_id": "t3_aaa", "children": "c4,c5"}),)
    assert parse_reddit({"error": 404}, FETCHED).errors == ("reddit_unexpected_payload",)


@pytest.mark.slow
def test_spider_pages_trees_and_more_stubs(local_site, settings):
    more = {"json": {"errors": [], "data": {"things": [comment("c4", "t3_aaa", "Une autre réponse"), comment("c5", "t1_c4", "Et encore")]}}}
    site = local_site({"/robots.txt": Route("User-agent: *\nAllow: /\n", content_type="text/plain")})
    site.routes.update(
        {
            "/r/beaute/new.json?" + urlencode({"limit": 100, "raw_json": 1}): Route(json.dumps(LISTING), content_type="application/json"),
            "/r/beaute/new.json?" + urlencode({"limit": 100, "raw_json": 1, "after": "t3_bbb"}): Route(json.dumps({"kind": "Listing", "data": {"after": None, "children": []}}), content_type="application/json"),
            "/comments/aaa.json": Route(json.dumps(TREE), content_type="application/json"),
            "/api/morechildren.json": Route(json.dumps(more), content_type="application/json"),
        }
    )
    watch = parse_watch(f'name = "r"\n[[brands]]\nname = "Nivea"\n[[sources]]\ntype = "reddit"\nsubreddit = "beaute"\nsite = "{site.url}"\n')
    run = crawl_watch(watch, settings)
    store = open_store(settings)
    ids = {p.id for batch in store.iter_posts() for p in batch}
    assert ids == {"reddit:t3_aaa", "reddit:t3_bbb", "reddit:t1_c1", "reddit:t1_c3", "reddit:t1_c4", "reddit:t1_c5"}
    assert any(r.startswith("/r/beaute/new.json?limit=100&raw_json=1&after=t3_bbb") for r in site.requests)
    assert run.counts["posts_inserted"] == 6
    store.close()


def test_a_source_needs_something_to_read():
    from portevoix.errors import WatchError

    with pytest.raises(WatchError, match="give 'subreddit', 'search', or both"):
        parse_watch('name = "r"\n[[brands]]\nname = "X"\n[[sources]]\ntype = "reddit"\n')


RECORDINGS = SHARED / "fixtures" / "reddit" / "tests" / "integration" / "cassettes"


@requires_shared
def test_every_recorded_submission_and_comment_comes_out():
    seen = 0
    for cassette in sorted(RECORDINGS.glob("*.json")):
        for interaction in json.loads(cassette.read_text(encoding="utf-8"))["interactions"]:
            if interaction["response"]["status"]["code"] != 200 or "access_token" in interaction["request"]["uri"]:
                continue
            try:
                payload = json.loads(interaction["response"]["body"].get("string") or "null")
            except ValueError:
                continue
            page = parse_reddit(payload, FETCHED)
            ids = {p.id for p in page.posts}
            for kind, data in iter_things(payload):
                text = (data.get("selftext") or data.get("title") or "") if kind == "t3" else (data.get("body") or "") if kind == "t1" else ""
                if kind in {"t1", "t3"} and text.strip() and text.strip() not in {"[deleted]", "[removed]"}:
                    seen += 1
                    assert f"reddit:{data['name']}" in ids, (cassette.name, data["name"])
            for post in page.posts:
                assert post.kind != "comment" or post.parent_id.startswith(("reddit:t1_", "reddit:t3_"))
    assert seen >= 1000
