"""Bluesky: searchPosts or getAuthorFeed on the public AppView, pages by cursor, each post's thread,
and the authors' profiles (followers) in batches."""

from __future__ import annotations

from urllib.parse import urlencode

import scrapy

from crawler.parsers.bluesky import parse_bluesky
from crawler.spiders.base import SourceSpider
from portevoix.models import utc_now

PAGE_SIZE = 100  # searchPosts and getAuthorFeed return at most 100 posts a page
PROFILES_PER_CALL = 25  # getProfiles takes at most 25 actors


class BlueskySpider(SourceSpider):
    name = "bluesky"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.base = self.source.appview.rstrip("/") + "/xrpc/"
        self.profiles_wanted: set[str] = set()
        self.profiles_asked: set[str] = set()

    def _feed_url(self, cursor: str | None = None) -> str:
        if self.source.search:
            endpoint, params = "app.bsky.feed.searchPosts", {"q": self.source.search, "limit": PAGE_SIZE}
        else:
            endpoint, params = "app.bsky.feed.getAuthorFeed", {"actor": self.source.actor.lstrip("@"), "limit": PAGE_SIZE}
        if cursor:
            params["cursor"] = cursor
        return self.base + endpoint + "?" + urlencode(params)

    async def start(self):
        yield self.next_page(self._feed_url(), self.parse)

    def parse(self, response):
        payload = self.parse_json(response)
        if payload is None:
            return
        page = parse_bluesky(payload, utc_now())
        yield from self.emit(page, response.url)
        seen_before = self.already_seen(page)
        views = payload.get("posts") or [item.get("post") for item in payload.get("feed", []) if isinstance(item, dict)]
        for view in views:
            if not isinstance(view, dict):
                continue
            self.profiles_wanted.add(view.get("author", {}).get("did", ""))
            if self.source.replies and view.get("replyCount"):
                thread = self.base + "app.bsky.feed.getPostThread?" + urlencode({"uri": view["uri"], "depth": 6, "parentHeight": 0})
                yield scrapy.Request(thread, callback=self.parse_thread, errback=self.on_request_error)
        yield from self._profiles()
        cursor = payload.get("cursor")
        if cursor and views and not seen_before and (following := self.next_page(self._feed_url(cursor), self.parse)):
            yield following

    def parse_thread(self, response):
        payload = self.parse_json(response)
        if payload is not None:
            yield from self.emit(parse_bluesky(payload, utc_now()), response.url)

    def _profiles(self):
        pending = sorted(self.profiles_wanted - self.profiles_asked - {""})
        for start in range(0, len(pending), PROFILES_PER_CALL):
            batch = pending[start : start + PROFILES_PER_CALL]
            self.profiles_asked.update(batch)
            url = self.base + "app.bsky.actor.getProfiles?" + urlencode([("actors", did) for did in batch])
            yield scrapy.Request(url, callback=self.parse_thread, errback=self.on_request_error)
