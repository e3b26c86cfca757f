"""Runs a watch's crawl: our settings become Scrapy's here and nowhere else.

Each crawl runs Scrapy in a fresh child process (`python -m crawler.runner`), because
Twisted's reactor cannot be restarted in one process and the scheduler crawls again
and again; the child gets its arguments pickled on stdin, so it never re-imports the
caller's main module.
"""

from __future__ import annotations

import logging
import pickle
import subprocess
import sys

from crawler import NAME, VERSION
from crawler.distributed import join_workers, leave_workers, redis_prefix
from crawler.spiders.base import ERROR_STAT
from index import open_store
from portevoix.errors import CrawlError
from portevoix.models import Run, utc_now
from portevoix.settings import Settings
from portevoix.watch import Watch

log = logging.getLogger(__name__)


# Scrapy's own counters that a Run reports, under our names.
_SCRAPY_COUNTS = {"downloader/request_count": "requests", "item_scraped_count": "items", "item_dropped_count": "items_dropped"}


def scrapy_settings(settings: Settings, distributed: str | None = None, watch: str = "") -> dict:
    """Scrapy's settings for a Porte-voix crawl: polite, bounded, with our pipelines; with `distributed`
    (a redis:// URL), one frontier and one dupefilter shared by every crawler process of the watch."""
    shared = {}
    if distributed:
        shared = {
            "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            # Persistent: with SCHEDULER_PERSIST=False the first worker to finish clears the frontier and
            # the dupefilter, and the others crawl everything again. The last worker out cleans up instead.
            "SCHEDULER_PERSIST": True,
            "REDIS_URL": distributed,
            "SCHEDULER_QUEUE_KEY": f"{redis_prefix(watch)}:%(spider)s:requests",
            "SCHEDULER_DUPEFILTER_KEY": f"{redis_prefix(watch)}:%(spider)s:dupefilter",
        }
    return {
        **shared,
        "BOT_NAME": "portevoix",
        "USER_AGENT": settings.user_agent,
        "ROBOTSTXT_OBEY": settings.obey_robots,
        "AUTOTHROTTLE_ENABLED": True,
        # Start cautious but not glacial; AutoThrottle then follows each host's latency.
        "AUTOTHROTTLE_START_DELAY": max(settings.download_delay, 0.5),
        "AUTOTHROTTLE_MAX_DELAY": 60.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(settings.concurrency_per_host),
        "CONCURRENT_REQUESTS_PER_DOMAIN": settings.concurrency_per_host,
        "DOWNLOAD_DELAY": settings.download_delay,
        "DOWNLOAD_TIMEOUT": settings.download_timeout,
        "DOWNLOAD_MAXSIZE": int(settings.max_response_mb * 1024 * 1024),
        "DOWNLOAD_WARNSIZE": int(settings.max_response_mb * 1024 * 1024 / 2),
        "RETRY_TIMES": settings.retry_times,
        "HTTPERROR_ALLOW_ALL": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": settings.log_level.upper(),
        "LOG_INSTALL_ROOT_HANDLER": True,
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.safety.PrivateAddressGuard": 50,
            # Ours waits as the server asks (Retry-After, rate-limit headers, backoff); Scrapy's retries at once.
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawler.politeness.PoliteRetryMiddleware": 550,
        },
        "ITEM_PIPELINES": {
            "crawler.pipelines.ValidatePipeline": 100,
            "crawler.pipelines.DedupePipeline": 200,
            "crawler.pipelines.StorePipeline": 300,
        },
        "PORTEVOIX_SETTINGS": settings,
    }


def crawl_watch(watch: Watch, settings: Settings, full: bool = False, distributed: str | None = None) -> Run:
    """Crawl every source of `watch` into the store; returns the finished Run with its counts and error codes.
    With `full`, what earlier crawls remembered (ETags, cursors) is ignored and everything is fetched again.
    With `distributed` (redis://host:port/db), crawler processes on several machines share one frontier."""
    store = open_store(settings)
    started = utc_now()
    run = Run(id=Run.make_id("crawl", started), watch=watch.name, stage="crawl", started_at=started)
    if not watch.sources:
        finished = run.model_copy(update={"status": "ok", "finished_at": utc_now(), "message": "the watch has no sources: nothing to crawl"})
        store.save_run(finished)
        return finished
    store.save_run(run)
    child = subprocess.run([sys.executable, "-m", "crawler.runner"], input=pickle.dumps((watch, settings, run, full, distributed)), check=False)
    finished = next((r for r in store.load_runs(watch.name, "crawl", limit=20) if r.id == run.id), run)
    if child.returncode != 0 or finished.status == "running":
        finished = finished.model_copy(update={"status": "failed", "finished_at": utc_now(), "message": f"crawler process exited with code {child.returncode}"})
        store.save_run(finished)
    store.sync_index()
    store.close()
    if finished.status == "failed":
        raise CrawlError(f"crawl of {watch.name!r} failed: {finished.message}")
    return finished


def _crawl_in_child(watch: Watch, settings: Settings, run: Run, full: bool = False, distributed: str | None = None) -> None:
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders import SPIDERS

    workers = join_workers(distributed, watch.name) if distributed else None
    process = CrawlerProcess(scrapy_settings(settings, distributed, watch.name))
    for number, source in enumerate(watch.sources):
        extra = {"api_key": settings.youtube_api_key} if source.type == "youtube" else {}
        # One name per source: its own queue in a shared frontier.
        process.crawl(SPIDERS[source.type], source=source, watch=watch.name, full=full, name=f"{source.type}-{number}", **extra)
    crawlers = list(process.crawlers)
    try:
        process.start()
    finally:
        if workers is not None:
            leave_workers(workers, watch.name)
    counts: dict[str, int] = {}
    errors: dict[str, int] = {}
    for crawler in crawlers:
        for key, value in crawler.stats.get_stats().items():
            if not isinstance(value, int):
                continue
            if key.startswith(ERROR_STAT):
                name = key.removeprefix(ERROR_STAT)
                errors[name] = errors.get(name, 0) + value
            elif key.startswith("portevoix/") or key in _SCRAPY_COUNTS:
                name = _SCRAPY_COUNTS.get(key, key.removeprefix("portevoix/"))
                counts[name] = counts.get(name, 0) + value
            elif key.startswith("downloader/response_status_count/"):
                status = key.rsplit("/", 1)[-1]
                if status == "429" or status.startswith("5"):
                    errors[f"http_{status}_retried"] = errors.get(f"http_{status}_retried", 0) + value
    counts["sources"] = len(watch.sources)
    store = open_store(settings)
    store.save_run(run.model_copy(update={"status": "ok", "finished_at": utc_now(), "counts": counts, "errors": errors, "message": f"{NAME} {VERSION}"}))
    store.close()


if __name__ == "__main__":
    _crawl_in_child(*pickle.loads(sys.stdin.buffer.read()))
