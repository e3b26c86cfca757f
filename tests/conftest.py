"""Shared fixtures: settings over a temporary data folder, a local HTTP site, the shared fixtures folder."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from portevoix.settings import load_settings

SHARED = Path(__file__).resolve().parents[2] / "shared"
requires_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (third-party fixtures and corpora) is absent")


@pytest.fixture
def settings(tmp_path):
    """Settings over an empty data folder, ignoring the caller's PORTEVOIX_* variables; 127.0.0.1 allowed."""
    return load_settings(environ={}, overrides={"data_dir": tmp_path / "data", "allow_private_addresses": True, "log_level": "WARNING", "retry_backoff": 0.05})


@pytest.fixture
def store(settings):
    from index import open_store

    opened = open_store(settings)
    yield opened
    opened.close()


@dataclass
class Route:
    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # when set: sent, and a matching If-None-Match gets 304
    delay: float = 0.0  # seconds to wait before answering (a slow server)
    truncate: bool = False  # announce the whole body, send half, hang up


class LocalSite:
    """An HTTP site on 127.0.0.1 (port 0) serving fixed routes (a list of Routes answers in turn),
    recording every path requested."""

    def __init__(self, routes: dict[str, "Route | list[Route]"]):
        site = self
        self.routes = routes
        self.requests: list[str] = []
        self.conditional: list[str | None] = []  # the If-None-Match of each request

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.requests.append(self.path)
                route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_error(404)
                    return
                if isinstance(route, list):  # answers in turn, the last one from then on
                    route = route[min(site.requests.count(self.path), len(route)) - 1]
                site.conditional.append(self.headers.get("If-None-Match"))
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                if route.etag:
                    self.send_header("ETag", route.etag)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in route.headers.items():
                    self.send_header(name, value.replace("{n}", str(len(site.requests))))  # {n}: a new URL each time
                self.end_headers()
                if route.truncate:
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the crawler hung up first (a timeout, a size cap)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def GOLDEN_FEED() -> str:
    """A real-format RSS feed with one valid item (the crawler's golden input)."""
    return (Path(__file__).parent / "crawler" / "golden" / "blog_rss2.xml").read_text(encoding="utf-8")


@pytest.fixture
def local_site():
    """A factory of LocalSites, all shut down after the test."""
    sites = []

    def make(routes: dict[str, Route]) -> LocalSite:
        site = LocalSite(routes)
        sites.append(site)
        return site

    yield make
    for site in sites:
        site.close()


@pytest.fixture(scope="session")
def es_url():
    url = os.environ.get("PORTEVOIX_ES_URL")
    if not url:
        pytest.skip("PORTEVOIX_ES_URL is not set: no Elasticsearch server to test against")
    return url


@pytest.fixture
def redis_url(tmp_path):
    """A real redis-server on a free port of 127.0.0.1, stopped after the test."""
    import shutil
    import socket
    import subprocess

    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (make test installs it)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)
