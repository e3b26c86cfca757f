"""Crawl benchmark: a local site of N review pages, crawled by a bare Scrapy spider that only parses, then
by `portevoix crawl` (parse, validate, dedupe, store), with the same Scrapy settings. Prints pages per
second for both and their ratio; the last line is one JSON object.

    python bench/crawl_speed.py --pages 20000
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LINKS_PER_INDEX = 100


def review_page(number: int) -> bytes:
    reviews = [
        {"@type": "Review", "author": f"Auteur {number % 997}-{k}", "datePublished": f"2026-{1 + number % 12:02d}-{1 + k:02d}",
         "reviewBody": f"Avis {k} sur le produit {number} : très bonne crème, je recommande.", "reviewRating": {"@type": "Rating", "ratingValue": 1 + (number + k) % 5}}
        for k in range(3)
    ]
    product = {"@context": "https://schema.org", "@type": "Product", "name": f"Produit {number}", "review": reviews}
    return f'<!doctype html><html lang="fr"><head><script type="application/ld+json">{json.dumps(product)}</script></head><body><h1>Produit {number}</h1></body></html>'.encode()


def index_page(number: int, pages: int) -> bytes:
    first = number * LINKS_PER_INDEX
    links = "".join(f'<a href="/p/{i}.html">{i}</a>' for i in range(first, min(first + LINKS_PER_INDEX, pages)))
    following = f'<a href="/index/{number + 1}.html">next</a>' if first + LINKS_PER_INDEX < pages else ""
    return f"<html><body>{links}{following}</body></html>".encode()


def serve(pages: int) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            path = self.path
            if path == "/robots.txt":
                body = b"User-agent: *\n"
            elif path.startswith("/index/"):
                body = index_page(int(path.split("/")[-1].split(".")[0]), pages)
            elif path.startswith("/p/"):
                body = review_page(int(path.split("/")[-1].split(".")[0]))
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def bare_child(url: str, settings_blob: bytes) -> None:
    """A bare Scrapy spider: same settings and parser, no validation, no store."""
    import re

    import scrapy
    from scrapy.crawler import CrawlerProcess

    from crawler.parsers.reviews import parse_review_page
    from portevoix.models import utc_now

    follow = re.compile(r"/(p|index)/\d+\.html$")

    class BareSpider(scrapy.Spider):
        name = "bare"

        async def start(self):
            yield scrapy.Request(f"{url}/index/0.html")

        def parse(self, response):
            page = parse_review_page(response.text, response.url, utc_now())
            yield from ({"id": post.id} for post in page.posts)
            for link in page.links:
                if follow.search(link):
                    yield scrapy.Request(link)

    scrapy_settings = pickle.loads(settings_blob)
    scrapy_settings.pop("ITEM_PIPELINES", None)
    scrapy_settings.pop("DOWNLOADER_MIDDLEWARES", None)
    process = CrawlerProcess(scrapy_settings)
    process.crawl(BareSpider)
    crawler = next(iter(process.crawlers))
    process.start()
    print(json.dumps({"pages": crawler.stats.get_value("response_received_count", 0)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--bare-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_child:
        bare_child(args.bare_child, sys.stdin.buffer.read())
        return

    from crawler.runner import crawl_watch, scrapy_settings
    from portevoix.settings import load_settings
    from portevoix.watch import parse_watch

    server, url = serve(args.pages)
    data_dir = Path(tempfile.mkdtemp(prefix="portevoix-crawl-bench-"))
    settings = load_settings(environ={}, overrides={"data_dir": data_dir, "allow_private_addresses": True, "log_level": "WARNING", "concurrency_per_host": 16})
    common = scrapy_settings(settings)

    began = time.perf_counter()
    bare = subprocess.run([sys.executable, __file__, "--bare-child", url], input=pickle.dumps(common), capture_output=True, check=True)
    bare_seconds = time.perf_counter() - began
    bare_pages = json.loads(bare.stdout.decode().strip().splitlines()[-1])["pages"]

    watch = parse_watch(f'name = "bench"\n[[brands]]\nname = "X"\n[[sources]]\ntype = "reviews"\nurl = "{url}/index/0.html"\nfollow = "/(p|index)/[0-9]+[.]html$"\nmax_pages = {args.pages * 2}\n')
    began = time.perf_counter()
    run = crawl_watch(watch, settings)
    ours_seconds = time.perf_counter() - began
    ours_pages = run.counts.get("requests", 0)
    server.shutdown()

    figures = {
        "pages": args.pages,
        "bare_pages_per_s": round(bare_pages / bare_seconds, 1),
        "portevoix_pages_per_s": round(ours_pages / ours_seconds, 1),
        "posts_stored": run.counts.get("posts_inserted", 0),
    }
    figures["ratio"] = round(figures["portevoix_pages_per_s"] / figures["bare_pages_per_s"], 3)
    for name, value in figures.items():
        print(f"{name:>22}: {value:,}")
    print(json.dumps({key: figures[key] for key in ("bare_pages_per_s", "portevoix_pages_per_s", "ratio")}))


if __name__ == "__main__":
    main()
