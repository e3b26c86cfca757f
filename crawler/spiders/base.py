"""What every Porte-voix spider shares: its source, error codes in the stats, records as items."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta
from typing import Any, Iterator

import scrapy
from scrapy import signals
from scrapy.exceptions import (
    DontCloseSpider,
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError

from crawler.distributed import workers_key
from crawler.parsers.common import ParsedPage
from portevoix.models import Post, utc_now

ERROR_STAT = "portevoix/errors/"
_SECRET = re.compile(r"([?&](?:key|api_key|access_token|token)=)[^&]+")


def _redact(url: str) -> str:
    """The URL without the values of key-like parameters, so logs never hold a secret."""
    return _SECRET.sub(r"\1REDACTED", url)


class SourceSpider(scrapy.Spider):
    """A spider for one `[[sources]]` entry of a watch.

    It remembers HTTP validators (ETag, Last-Modified) and cursors between runs in the store, and saves
    them when it closes, after the last items are stored: a crawl killed midway remembers nothing and
    fetches again, so nothing is ever skipped. `full` ignores what was remembered.
    """

    def __init__(self, source: Any, watch: str, full: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.source = source
        self.watch = watch
        self.full = full
        self.pages = 0
        self._remembered: dict[str, dict[str, str | None]] = {}

    def next_page(self, url: str, callback, **kwargs: Any) -> scrapy.Request | None:
        """The request for the source's next page, or None once `max_pages` are fetched (counted)."""
        if self.pages >= self.source.max_pages:
            self.crawler.stats.inc_value("portevoix/budget_reached")
            return None
        self.pages += 1
        return scrapy.Request(url, callback=callback, errback=self.on_request_error, **kwargs)

    @property
    def state_store(self):
        if not hasattr(self, "_state_store"):
            from index import open_store

            self._state_store = open_store(self.crawler.settings["PORTEVOIX_SETTINGS"])
        return self._state_store

    def recalled(self, key: str) -> dict[str, str | None]:
        return {} if self.full else self.state_store.load_crawl_state(key)

    def remember(self, key: str, **values: str | None) -> None:
        self._remembered.setdefault(key, {}).update({k: v for k, v in values.items() if v is not None})

    # Watermarks: the newest publication time seen, for listings that come newest first.

    @property
    def watermark_key(self) -> str:
        return f"watermark:{self.watch}:{self.source.model_dump_json()}"

    def watermark(self) -> str | None:
        """The newest publication time (ISO 8601 UTC) that the last complete crawl of this source saw."""
        if not hasattr(self, "_watermark"):
            self._watermark = self.recalled(self.watermark_key).get("cursor")
        return self._watermark

    def note_newest(self, dates: list[str]) -> None:
        """Raise this crawl's watermark to the newest of `dates` (ISO 8601 UTC), saved when the spider closes."""
        if dates:
            self._newest_seen = max(getattr(self, "_newest_seen", ""), *dates)
            self.remember(self.watermark_key, cursor=self._newest_seen)

    def already_seen(self, page) -> bool:
        """Note the page's newest post; True when every dated post on it is no newer than the watermark,
        or older than the age budget (a newest-first listing need not be followed further)."""
        dates = [post.published_at.isoformat() for post in page.posts if post.published_at]
        self.note_newest(dates)
        if self.past_age(page):
            return True
        mark = self.watermark()
        if mark and dates and max(dates) <= mark:
            self.crawler.stats.inc_value("portevoix/stopped_at_watermark")
            return True
        return False

    # The age budget: posts older than the source's max_age_days are neither kept nor paged past.

    @property
    def age_cutoff(self) -> datetime | None:
        """The oldest publication time this crawl keeps, fixed when the crawl starts; None without a budget."""
        if not hasattr(self, "_age_cutoff"):
            days = getattr(self.source, "max_age_days", None)
            self._age_cutoff = utc_now() - timedelta(days=days) if days else None
        return self._age_cutoff

    def too_old(self, moment: datetime | None) -> bool:
        return moment is not None and self.age_cutoff is not None and moment < self.age_cutoff

    def past_age(self, page) -> bool:
        """True when the page's posts are dated and all older than the age budget (counted)."""
        dates = [post.published_at for post in page.posts if post.published_at]
        if dates and all(self.too_old(d) for d in dates):
            self.crawler.stats.inc_value("portevoix/stopped_at_age")
            return True
        return False

    def conditional_request(self, url: str, **kwargs: Any) -> scrapy.Request:
        """A GET that asks for the page only if it changed since last time (304 otherwise)."""
        if not hasattr(self, "_validators"):
            # One query for every page of the source's site, not one per page.
            site = "/".join(url.split("/", 3)[:3])
            self._validators = {} if self.full else self.state_store.load_crawl_states(f"http:{site}")
        state = self._validators.get(f"http:{url}", {})
        headers = {}
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]
        meta = {**kwargs.pop("meta", {}), "handle_httpstatus_list": [304]}
        return scrapy.Request(url, headers=headers, meta=meta, errback=self.on_request_error, **kwargs)

    def unchanged(self, response) -> bool:
        """True for a 304 (counted); otherwise remembers the response's validators for next time."""
        if response.status == 304:
            self.crawler.stats.inc_value("portevoix/not_modified")
            return True
        etag = response.headers.get("ETag")
        modified = response.headers.get("Last-Modified")
        if etag or modified:
            self.remember(
                f"http:{response.request.url}", etag=etag.decode("latin-1") if etag else None, last_modified=modified.decode("latin-1") if modified else None
            )
        return False

    # Distributed crawls: an idle worker stays while the shared queue holds requests, or while other
    # workers may still find new pages, up to this many seconds.
    DISTRIBUTED_GRACE = 10.0

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if crawler.settings.get("REDIS_URL"):
            crawler.signals.connect(spider._stay_while_peers_work, signal=signals.spider_idle)
        return spider

    def _stay_while_peers_work(self, spider) -> None:
        if not hasattr(self, "_redis"):
            import redis

            self._redis = redis.Redis.from_url(self.crawler.settings["REDIS_URL"])
        client = self._redis
        queue = self.crawler.settings["SCHEDULER_QUEUE_KEY"] % {"spider": self.name}
        workers = int(client.get(workers_key(self.watch)) or 0)
        now = time.monotonic()
        waiting = client.llen(queue) if client.type(queue) == b"list" else client.zcard(queue)
        if waiting:
            self._idle_since = None
            raise DontCloseSpider
        self._idle_since = getattr(self, "_idle_since", None) or now
        if workers > 1 and now - self._idle_since < self.DISTRIBUTED_GRACE:
            raise DontCloseSpider

    def closed(self, reason: str) -> None:
        if reason == "finished" and self._remembered:
            for key, values in self._remembered.items():
                self.state_store.save_crawl_state(key, **values)
        if hasattr(self, "_state_store"):
            self._state_store.close()

    def record_error(self, code: str, url: str | None = None) -> None:
        """Count a short error code on the run and log where it happened; the crawl goes on."""
        self.crawler.stats.inc_value(ERROR_STAT + code)
        self.logger.warning("%s at %s", code, _redact(url) if url else "?")

    def parse_json(self, response) -> Any:
        """The response's JSON, or None with `{platform}_bad_json` recorded on the run."""
        try:
            return json.loads(response.body)
        except (ValueError, UnicodeDecodeError):
            self.record_error(f"{self.source.type}_bad_json", response.url)
            return None

    def emit(self, page: ParsedPage, url: str) -> Iterator[Any]:
        for code in page.errors:
            self.record_error(code, url)
        yield from page.authors
        for record in (*page.posts, *page.relations):
            if self.too_old(record.published_at if isinstance(record, Post) else record.at):
                self.crawler.stats.inc_value("portevoix/too_old")
                continue
            yield record

    def on_request_error(self, failure) -> None:
        request = failure.request
        if failure.check(HttpError):
            self.record_error(f"http_{failure.value.response.status}", request.url)
        elif failure.check(IgnoreRequest):
            # The private-address guard counts its own refusals.
            reason = str(failure.value)
            if "robots.txt" in reason:
                self.record_error("robots_disallowed", request.url)
            elif "redirect" in reason:
                self.record_error("too_many_redirects", request.url)
        elif failure.check(DNSLookupError, CannotResolveHostError):
            self.record_error("dns_lookup_failed", request.url)
        elif failure.check(TimeoutError, TCPTimedOutError, DownloadTimeoutError):
            self.record_error("timeout", request.url)
        elif failure.check(DownloadCancelledError) and "max size" in str(failure.value):
            self.record_error("response_too_large", request.url)
        elif failure.check(ResponseDataLossError):
            self.record_error("response_truncated", request.url)
        elif failure.check(DownloadConnectionRefusedError):
            self.record_error("connection_refused", request.url)
        else:
            self.record_error(f"fetch_failed_{type(failure.value).__name__}", request.url)
