"""YouTube: comment threads of a video or a channel through the Data API v3, pages by token, and the
replies the thread view leaves out."""

from __future__ import annotations

from urllib.parse import urlencode

import scrapy

from crawler.parsers.youtube import parse_youtube, threads_needing_replies
from crawler.spiders.base import SourceSpider
from portevoix.models import utc_now

PAGE_SIZE = 100  # commentThreads and comments return at most 100 items a page


class YoutubeSpider(SourceSpider):
    name = "youtube"

    def __init__(self, *args, api_key: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.api_key = api_key
        self.api = self.source.api.rstrip("/")

    def _threads_url(self, token: str | None = None) -> str:
        params = {"part": "snippet,replies", "maxResults": PAGE_SIZE, "textFormat": "html", "order": "time", "key": self.api_key}
        params["videoId" if self.source.video else "allThreadsRelatedToChannelId"] = self.source.video or self.source.channel
        if token:
            params["pageToken"] = token
        return f"{self.api}/commentThreads?{urlencode(params)}"

    async def start(self):
        if not self.api_key:
            # Nothing to do without a key: say so on the run, let the other sources crawl.
            self.record_error("youtube_api_key_missing")
            return
        yield self.next_page(self._threads_url(), self.parse)

    def parse(self, response):
        payload = self.parse_json(response)
        if payload is None:
            return
        page = parse_youtube(payload, utc_now())
        yield from self.emit(page, response.url)
        seen_before = self.already_seen(page)
        for thread in threads_needing_replies(payload):
            yield self._replies(thread)
        token = payload.get("nextPageToken")
        if token and not seen_before and (following := self.next_page(self._threads_url(token), self.parse)):
            yield following

    def _replies(self, parent: str, token: str | None = None) -> scrapy.Request:
        params = {"part": "snippet", "parentId": parent, "maxResults": PAGE_SIZE, "textFormat": "html", "key": self.api_key}
        if token:
            params["pageToken"] = token
        return scrapy.Request(f"{self.api}/comments?{urlencode(params)}", callback=self.parse_replies, errback=self.on_request_error, cb_kwargs={"parent": parent})

    def parse_replies(self, response, parent: str):
        payload = self.parse_json(response)
        if payload is None:
            return
        yield from self.emit(parse_youtube(payload, utc_now()), response.url)
        if payload.get("nextPageToken"):
            yield self._replies(parent, payload["nextPageToken"])
