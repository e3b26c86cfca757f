"""A downloader middleware that keeps the crawler off loopback, private and link-local addresses."""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from crawler.spiders.base import ERROR_STAT


@lru_cache(maxsize=4096)
def is_internal_host(host: str) -> bool:
    """True when `host` is, or resolves to, an address that a shared server must not be turned against."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return False  # the download itself will fail and say so
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if address.is_loopback or address.is_private or address.is_link_local or address.is_reserved or address.is_multicast or address.is_unspecified:
            return True
    return False


class PrivateAddressGuard:
    """Refuses requests to internal addresses unless the `allow_private_addresses` setting is on."""

    def __init__(self, allow: bool, stats):
        self.allow = allow
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings["PORTEVOIX_SETTINGS"].allow_private_addresses, crawler.stats)

    def process_request(self, request):
        host = urlsplit(request.url).hostname or ""
        if not self.allow and is_internal_host(host):
            self.stats.inc_value(ERROR_STAT + "blocked_private_address")
            raise IgnoreRequest(f"{request.url}: refusing an internal address (set allow_private_addresses to crawl it)")
        return None
