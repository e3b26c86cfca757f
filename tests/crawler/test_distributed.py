"""Two crawler processes share one frontier and one dupefilter on a real Redis: no URL is fetched twice,
every post is stored once, and the last process out cleans the shared keys."""

import collections
import threading

import pytest
import redis

from crawler.distributed import redis_prefix
from crawler.runner import crawl_watch
from index import open_store
from portevoix.watch import parse_watch
from tests.conftest import Route

pytestmark = pytest.mark.slow
PAGES = 300


def shop_routes() -> dict[str, Route]:
    routes = {"/robots.txt": Route("User-agent: *\n", content_type="text/plain")}
    for index in range(PAGES // 50):
        links = "".join(f'<a href="/p/{n}.html">{n}</a>' for n in range(index * 50, index * 50 + 50))
        following = f'<a href="/index/{index + 1}.html">next</a>' if index + 1 < PAGES // 50 else ""
        routes[f"/index/{index}.html"] = Route(f"<html><body>{links}{following}</body></html>")
    for n in range(PAGES):
        review = '{"@context":"https://schema.org","@type":"Product","name":"P%d","review":[{"@type":"Review","author":"A%d","reviewBody":"Avis %d, je recommande"}]}' % (n, n, n)
        # 150 ms a page (about 11 s for one worker alone): both processes are up while there is work to share.
        routes[f"/p/{n}.html"] = Route(f'<html><head><script type="application/ld+json">{review}</script></head><body></body></html>', delay=0.15)
    return routes


def test_two_processes_share_one_frontier(local_site, settings, redis_url):
    site = local_site(shop_routes())
    watch = parse_watch(f'name = "shared"\n[[brands]]\nname = "X"\n[[sources]]\ntype = "reviews"\nurl = "{site.url}/index/0.html"\nfollow = "/(p|index)/"\nmax_pages = 1000\n')
    runs = []
    workers = [threading.Thread(target=lambda: runs.append(crawl_watch(watch, settings, distributed=redis_url))) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    assert len(runs) == 2 and all(run.status == "ok" for run in runs)
    fetched = collections.Counter(path for path in site.requests if path != "/robots.txt")
    assert len(fetched) == PAGES + PAGES // 50 and max(fetched.values()) == 1  # every page once, across both
    # How the work splits depends on timing (which process is up first); that no URL is fetched twice does not.
    store = open_store(settings)
    assert store.count_posts() == PAGES
    store.close()
    assert list(redis.Redis.from_url(redis_url).scan_iter(f"{redis_prefix('shared')}:*")) == []
