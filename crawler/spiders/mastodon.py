"""Mastodon: hashtag timelines, account statuses or search, pages followed by their Link header,
and each status's replies from its thread context. Public endpoints only, no login."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode, urlsplit

import scrapy

from crawler.parsers.mastodon import parse_mastodon
from crawler.spiders.base import SourceSpider
from portevoix.models import utc_now

PAGE_SIZE = 40  # Mastodon returns at most 40 statuses a page
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


class MastodonSpider(SourceSpider):
    name = "mastodon"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.base = self.source.base_url
        self.instance = urlsplit(self.base).netloc
        source = self.source
        self.cursor_key = f"mastodon:{self.instance}:" + (f"tag:{source.hashtag}" if source.hashtag else f"account:{source.account}" if source.account else f"search:{source.search}")
        self.since_id: str | None = None
        self.newest = 0

    async def start(self):
        source = self.source
        # Statuses newer than the newest seen last time: Mastodon's since_id cursor (search has none).
        self.since_id = None if source.search else self.recalled(self.cursor_key).get("cursor")
        self.newest = int(self.since_id) if self.since_id and self.since_id.isdigit() else 0
        if source.hashtag:
            url = f"{self.base}/api/v1/timelines/tag/{quote(source.hashtag.lstrip('#'))}?{urlencode(self._params())}"
            yield self.next_page(url, self.parse)
        elif source.search:
            url = f"{self.base}/api/v2/search?{urlencode({'q': source.search, 'type': 'statuses', 'limit': PAGE_SIZE})}"
            yield self.next_page(url, self.parse)
        else:
            lookup = f"{self.base}/api/v1/accounts/lookup?{urlencode({'acct': source.account.lstrip('@')})}"
            yield scrapy.Request(lookup, callback=self.parse_account, errback=self.on_request_error)

    def parse_account(self, response):
        account = self.parse_json(response)
        if not isinstance(account, dict) or "id" not in account:
            self.record_error("mastodon_account_not_found", response.url)
            return
        yield self.next_page(f"{self.base}/api/v1/accounts/{account['id']}/statuses?{urlencode(self._params(exclude_reblogs='false'))}", self.parse)

    def _params(self, **extra: str) -> dict:
        return {"limit": PAGE_SIZE, **({"since_id": self.since_id} if self.since_id else {}), **extra}

    def parse(self, response):
        payload = self.parse_json(response)
        if payload is None:
            return
        page = parse_mastodon(payload, self.instance, utc_now())
        yield from self.emit(page, response.url)
        listed = payload.get("statuses", []) if isinstance(payload, dict) else payload
        for status in listed if isinstance(listed, list) else []:
            if isinstance(status, dict) and str(status.get("id", "")).isdigit():
                self.newest = max(self.newest, int(status["id"]))
        if self.newest and not self.source.search:
            self.remember(self.cursor_key, cursor=str(self.newest))
        if self.source.replies:
            for status in listed if isinstance(listed, list) else []:
                if isinstance(status, dict) and status.get("replies_count"):
                    yield scrapy.Request(f"{self.base}/api/v1/statuses/{status['id']}/context", callback=self.parse_context, errback=self.on_request_error)
        link = _NEXT.search(response.headers.get("Link", b"").decode("latin-1"))
        if link and not self.past_age(page) and (following := self.next_page(link.group(1), self.parse)):
            yield following

    def parse_context(self, response):
        payload = self.parse_json(response)
        if payload is not None:
            yield from self.emit(parse_mastodon(payload, self.instance, utc_now()), response.url)
