"""Web pages with schema.org reviews, following same-site links that match the source's `follow` pattern."""

from __future__ import annotations

import re

from scrapy.http import TextResponse

from crawler.parsers.reviews import parse_review_page
from crawler.spiders.base import SourceSpider
from portevoix.models import utc_now


class ReviewsSpider(SourceSpider):
    name = "reviews"
    parse_page = staticmethod(parse_review_page)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.follow = re.compile(self.source.follow) if self.source.follow else None

    async def start(self):
        self.pages = 1
        yield self.conditional_request(self.source.url, callback=self.parse)

    def parse(self, response):
        if self.unchanged(response):
            return
        if not isinstance(response, TextResponse):
            self.record_error("not_a_web_page", response.url)
            return
        page = self.parse_page(response.text, response.url, utc_now())
        yield from self.emit(page, response.url)
        if self.follow is None:
            return
        for link in page.links:
            if self.pages >= self.source.max_pages:
                self.crawler.stats.inc_value("portevoix/budget_reached")
                return
            if self.follow.search(link):
                self.pages += 1
                yield self.conditional_request(link, callback=self.parse)
