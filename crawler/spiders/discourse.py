"""Discourse: the latest topics (or a category's), page after page, and each topic's whole post stream."""

from __future__ import annotations

from urllib.parse import quote

import scrapy

from crawler.parsers.common import parse_datetime
from crawler.parsers.discourse import parse_discourse
from crawler.spiders.base import SourceSpider
from portevoix.models import utc_now


def _utc(text: str) -> str:
    parsed = parse_datetime(text)
    return parsed.isoformat() if parsed else ""


class DiscourseSpider(SourceSpider):
    name = "discourse"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.base = self.source.base_url

    def _list_url(self, page: int) -> str:
        path = f"/c/{quote(self.source.category)}.json" if self.source.category else "/latest.json"
        return f"{self.base}{path}?page={page}"

    async def start(self):
        yield self.next_page(self._list_url(0), self.parse, cb_kwargs={"page": 0})

    def parse(self, response, page: int):
        payload = self.parse_json(response)
        topic_list = payload.get("topic_list") if isinstance(payload, dict) else None
        if not isinstance(topic_list, dict):
            if payload is not None:
                self.record_error("discourse_unexpected_payload", response.url)
            return
        topics = [t for t in topic_list.get("topics") or [] if isinstance(t, dict) and t.get("id") is not None]
        mark = self.watermark()
        fresh = [t for t in topics if not t.get("bumped_at") or ((not mark or _utc(t["bumped_at"]) > mark) and not self.too_old(parse_datetime(t["bumped_at"])))]
        for topic in fresh:
            yield scrapy.Request(f"{self.base}/t/{topic['id']}.json", callback=self.parse_topic, errback=self.on_request_error)
        self.note_newest([_utc(t["bumped_at"]) for t in topics if t.get("bumped_at")])
        if len(fresh) < len(topics):
            self.crawler.stats.inc_value("portevoix/stopped_at_watermark")
        # Topic lists come most recently bumped first: once a page holds stale topics, the rest are older.
        if fresh and len(fresh) == len(topics) and topic_list.get("more_topics_url"):
            if following := self.next_page(self._list_url(page + 1), self.parse, cb_kwargs={"page": page + 1}):
                yield following

    def parse_topic(self, response):
        payload = self.parse_json(response)
        if payload is None:
            return
        page = parse_discourse(payload, self.base, utc_now())
        yield from self.emit(page, response.url)
        for link in page.links:
            yield scrapy.Request(link, callback=self.parse_topic, errback=self.on_request_error)
