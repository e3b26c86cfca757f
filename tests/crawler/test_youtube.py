"""YouTube: the parser on comment threads written in the Data API's format, the spider against a local
API (the key from settings, never from the watch), and the recordings from python-youtube's tests."""

import json
from datetime import UTC, datetime

import pytest

from crawler.parsers.youtube import parse_youtube, threads_needing_replies
from crawler.runner import crawl_watch
from crawler.spiders.base import _redact
from index import open_store
from portevoix.watch import parse_watch
from tests.conftest import SHARED, Route, requires_shared

FETCHED = datetime(2026, 3, 3, tzinfo=UTC)


def comment(id_, text, channel="UCcamille", parent=None, likes=2):
    snippet = {"authorDisplayName": channel[2:].title(), "authorChannelUrl": f"http://www.youtube.com/channel/{channel}", "authorChannelId": {"value": channel},
               "videoId": "vid123", "textDisplay": text, "textOriginal": text, "likeCount": likes, "publishedAt": "2026-03-02T09:15:00Z", "updatedAt": "2026-03-02T09:15:00Z"}
    if parent:
        snippet["parentId"] = parent
    return {"kind": "youtube#comment", "id": id_, "snippet": snippet}


THREADS = {
    "kind": "youtube#commentThreadListResponse", "nextPageToken": "PAGE2",
    "items": [
        {"kind": "youtube#commentThread", "id": "T1", "snippet": {"videoId": "vid123", "topLevelComment": comment("T1", "Je recommande ce mascara #loreal"), "totalReplyCount": 2},
         "replies": {"comments": [comment("T1.r1", "Moi aussi", channel="UCjules", parent="T1")]}},
        {"kind": "youtube#commentThread", "id": "T2", "snippet": {"videoId": "vid123", "topLevelComment": comment("T2", ""), "totalReplyCount": 0}},
    ],
}


def test_threads_replies_and_authors():
    page = parse_youtube(THREADS, FETCHED)
    posts = {p.id: p for p in page.posts}
    top = posts["youtube:T1"]
    assert (top.kind, top.url, top.hashtags, top.metrics) == ("comment", "https://www.youtube.com/watch?v=vid123&lc=T1", ("loreal",), {"likes": 2, "replies": 2})
    assert posts["youtube:T1.r1"].parent_id == "youtube:T1" and posts["youtube:T1.r1"].kind == "reply"
    assert "youtube:T2" not in posts  # no words
    assert {a.id for a in page.authors} == {"youtube:uccamille", "youtube:ucjules"}
    assert threads_needing_replies(THREADS) == ["T1"]  # 2 replies, 1 embedded
    assert parse_youtube({"kind": "youtube#videoListResponse"}, FETCHED).errors == ("youtube_unexpected_payload",)


def test_keys_never_reach_the_logs():
    assert _redact("https://api.example/x?part=a&key=SECRET&b=1") == "https://api.example/x?part=a&key=REDACTED&b=1"


def youtube_watch(url: str) -> str:
    return f'name = "y"\n[[brands]]\nname = "L\'Oréal"\n[[sources]]\ntype = "youtube"\nvideo = "vid123"\napi = "{url}"\n'


@pytest.mark.slow
def test_spider_pages_and_replies_with_the_key_from_settings(local_site, settings):
    page2 = {"kind": "youtube#commentThreadListResponse", "items": [{"kind": "youtube#commentThread", "id": "T3", "snippet": {"videoId": "vid123", "topLevelComment": comment("T3", "Top !"), "totalReplyCount": 0}}]}
    replies = {"kind": "youtube#commentListResponse", "items": [comment("T1.r1", "Moi aussi", channel="UCjules", parent="T1"), comment("T1.r2", "Pareil", channel="UCpaul", parent="T1")]}
    site = local_site(
        {
            "/robots.txt": Route("User-agent: *\nAllow: /\n", content_type="text/plain"),
            "/youtube/v3/commentThreads": Route(json.dumps(THREADS), content_type="application/json"),
            "/youtube/v3/comments": Route(json.dumps(replies), content_type="application/json"),
        }
    )
    site.routes["/youtube/v3/commentThreads?" + "part=snippet%2Creplies&maxResults=100&textFormat=html&order=time&key=test-key&videoId=vid123&pageToken=PAGE2"] = Route(json.dumps(page2), content_type="application/json")
    watch = parse_watch(youtube_watch(f"{site.url}/youtube/v3"))
    run = crawl_watch(watch, settings.with_values(youtube_api_key="test-key"))
    store = open_store(settings)
    assert {p.id for batch in store.iter_posts() for p in batch} == {"youtube:T1", "youtube:T1.r1", "youtube:T1.r2", "youtube:T3"}
    assert all("key=test-key" in r for r in site.requests if r.startswith("/youtube"))
    assert run.status == "ok"
    store.close()


@pytest.mark.slow
def test_without_a_key_the_source_says_so_and_others_crawl(local_site, settings):
    site = local_site({"/robots.txt": Route("User-agent: *\n", content_type="text/plain")})
    run = crawl_watch(parse_watch(youtube_watch(site.url)), settings)
    assert run.errors == {"youtube_api_key_missing": 1} and site.requests == []


RECORDINGS = SHARED / "fixtures" / "youtube" / "testdata" / "apidata"


@requires_shared
def test_every_recorded_comment_comes_out():
    seen = 0
    for path in sorted(RECORDINGS.glob("comment*/*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        if "ListResponse" not in payload.get("kind", ""):
            continue
        page = parse_youtube(payload, FETCHED)
        ids = {p.id for p in page.posts}
        for item in payload["items"]:
            comments = [item] if item["kind"] == "youtube#comment" else [item["snippet"]["topLevelComment"], *(item.get("replies") or {}).get("comments", [])]
            for c in comments:
                if (c["snippet"].get("textOriginal") or c["snippet"].get("textDisplay") or "").strip():
                    seen += 1
                    assert f"youtube:{c['id']}" in ids, (path.name, c["id"])
    assert seen >= 20
