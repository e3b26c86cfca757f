"""Reddit: a subreddit's listing or a search, pages by `after`, each submission's comment tree, and
"more" stubs followed within a budget. Public JSON endpoints, no login."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import scrapy

from crawler.parsers.reddit import parse_reddit
from crawler.spiders.base import SourceSpider
from portevoix.models import utc_now

PAGE_SIZE = 100  # listings return at most 100 things a page


class RedditSpider(SourceSpider):
    name = "reddit"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = self.source.site.rstrip("/")
        self.more_calls = 0

    def _listing_url(self, after: str | None = None) -> str:
        source = self.source
        params: dict[str, object] = {"limit": PAGE_SIZE, "raw_json": 1}
        if source.search:
            params.update(q=source.search, sort=source.sort)
            path = f"/r/{quote(source.subreddit)}/search.json" if source.subreddit else "/search.json"
            if source.subreddit:
                params["restrict_sr"] = 1
        else:
            path = f"/r/{quote(source.subreddit)}/{source.sort}.json"
        if after:
            params["after"] = after
        return f"{self.site}{path}?{urlencode(params)}"

    async def start(self):
        yield self.next_page(self._listing_url(), self.parse)

    def parse(self, response):
        payload = self.parse_json(response)
        if payload is None:
            return
        page = parse_reddit(payload, utc_now(), self.site)
        yield from self.emit(page, response.url)
        # Only a "new" listing comes newest first: other sorts are read in full each time.
        seen_before = self.source.sort == "new" and self.already_seen(page)
        children = payload.get("data", {}).get("children", []) if isinstance(payload, dict) else []
        if self.source.comments:
            for child in children:
                data = child.get("data", {}) if isinstance(child, dict) else {}
                if child.get("kind") == "t3" and data.get("num_comments") and data.get("id"):
                    url = f"{self.site}/comments/{data['id']}.json?" + urlencode({"limit": 500, "sort": "new", "raw_json": 1})
                    yield scrapy.Request(url, callback=self.parse_comments, errback=self.on_request_error)
        after = payload.get("data", {}).get("after") if isinstance(payload, dict) else None
        if after and children and not seen_before and (following := self.next_page(self._listing_url(after), self.parse)):
            yield following

    def parse_comments(self, response):
        payload = self.parse_json(response)
        if payload is None:
            return
        page = parse_reddit(payload, utc_now(), self.site)
        yield from self.emit(page, response.url)
        for link in page.links:
            if self.more_calls >= self.source.max_more:
                self.crawler.stats.inc_value("portevoix/more_budget_reached")
                return
            self.more_calls += 1
            yield scrapy.Request(link, callback=self.parse_comments, errback=self.on_request_error)
