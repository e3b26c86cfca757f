"""RSS and Atom feeds."""

from __future__ import annotations

from crawler.parsers.rss import parse_feed
from crawler.spiders.base import SourceSpider
from portevoix.models import utc_now


class FeedSpider(SourceSpider):
    name = "rss"

    async def start(self):
        yield self.conditional_request(self.source.url, callback=self.parse)

    def parse(self, response):
        if self.unchanged(response):
            return
        page = parse_feed(response.body, response.url, utc_now(), max_items=self.source.max_items)
        yield from self.emit(page, response.url)
