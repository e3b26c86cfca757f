"""Retries that wait as the server asks: Retry-After, rate-limit headers, else exponential backoff.

Replaces Scrapy's RetryMiddleware, which retries at once. Waiting is a Twisted `deferLater`:
only the request concerned waits, the crawl goes on.
"""

from __future__ import annotations

import random
import time
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import get_retry_request
from twisted.internet.error import ConnectionLost, ConnectionRefusedError, TCPTimedOutError, TimeoutError

from crawler.spiders.base import ERROR_STAT

RETRY_STATUSES = {408, 429, 500, 502, 503, 504, 522, 524}
RETRY_EXCEPTIONS = (ConnectionLost, ConnectionRefusedError, TCPTimedOutError, TimeoutError)
# Mastodon says x-ratelimit-*, Bluesky's AppView ratelimit-* (draft IETF names).
REMAINING = (b"x-ratelimit-remaining", b"ratelimit-remaining")
RESET = (b"x-ratelimit-reset", b"ratelimit-reset")


def retry_after(headers, now: float | None = None) -> float | None:
    """Seconds the server asks us to wait: Retry-After (seconds or an HTTP date), or the rate-limit reset
    when no request remains. None when it says nothing."""
    now = time.time() if now is None else now
    value = headers.get(b"Retry-After")
    if value:
        text = value.decode("latin-1").strip()
        if text.isdigit():
            return float(text)
        try:
            return max(parsedate_to_datetime(text).timestamp() - now, 0.0)
        except (TypeError, ValueError):
            pass
    remaining = next((headers.get(name) for name in REMAINING if headers.get(name) is not None), None)
    reset = next((headers.get(name) for name in RESET if headers.get(name) is not None), None)
    if remaining is not None and reset is not None and remaining.strip() in (b"0", b"0.0"):
        text = reset.decode("latin-1").strip()
        try:
            number = float(text)
        except ValueError:
            try:
                return max(parsedate_to_datetime(text).timestamp() - now, 0.0)  # Mastodon sends an ISO date
            except (TypeError, ValueError):
                from datetime import datetime

                try:
                    return max(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() - now, 0.0)
                except ValueError:
                    return None
        # Epoch seconds or seconds from now, whichever the number looks like.
        return max(number - now, 0.0) if number > 1_000_000_000 else number
    return None


class PoliteRetryMiddleware:
    def __init__(self, settings, crawler):
        self.max_retries = settings.retry_times
        self.backoff = settings.retry_backoff
        self.max_wait = settings.retry_max_wait
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings["PORTEVOIX_SETTINGS"], crawler)

    def _wait_for(self, request, response=None) -> float:
        asked = retry_after(response.headers) if response is not None else None
        if asked is not None:
            return min(asked, self.max_wait)
        attempt = request.meta.get("retry_times", 0)
        return min(self.backoff * 2**attempt * random.uniform(0.8, 1.2), self.max_wait)

    # Synchronous on the common path (most responses need no wait); a Deferred only when waiting.
    def process_response(self, request, response, spider=None):
        if response.status in RETRY_STATUSES and not request.meta.get("dont_retry"):
            wait = self._wait_for(request, response)
            retry = get_retry_request(request, spider=self.crawler.spider, reason=f"http_{response.status}", max_retry_times=self.max_retries, stats_base_key="portevoix/retry")
            if retry is None:
                return response  # out of retries: the spider's errback records http_<status>
            self.stats.inc_value(ERROR_STAT + "waited_for_server")
            return _later(wait, retry)
        if not any(name in response.headers for name in (b"Retry-After", *REMAINING)):
            return response
        asked = retry_after(response.headers)
        if asked:
            # The quota is spent: pause before the next request goes out through this response's slot.
            self.stats.inc_value(ERROR_STAT + "rate_limit_pauses")
            return _later(min(asked, self.max_wait), response)
        return response

    def process_exception(self, request, exception, spider=None):
        if isinstance(exception, RETRY_EXCEPTIONS) and not request.meta.get("dont_retry"):
            retry = get_retry_request(request, spider=self.crawler.spider, reason=type(exception).__name__, max_retry_times=self.max_retries, stats_base_key="portevoix/retry")
            if retry is not None:
                return _later(self._wait_for(request), retry)
        return None


def _later(seconds: float, value):
    """`value`, after `seconds`, without blocking the crawl."""
    from twisted.internet import reactor
    from twisted.internet.task import deferLater

    return deferLater(reactor, seconds, lambda: value)

