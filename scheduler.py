"""Scheduled watches: APScheduler 3 with a SQLAlchemy job store in the data folder.

Jobs survive restarts (they live in `scheduler.sqlite`), missed runs are coalesced
into one, and a watch never runs twice at once (max_instances=1 in a scheduler, a
lock file across schedulers).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from portevoix.errors import WatchError
from portevoix.watch import Watch, load_watch, parse_duration

log = logging.getLogger(__name__)
JOB_PREFIX = "watch:"
MISFIRE_GRACE_SECONDS = 3600


def job_store_url(data_dir: Path) -> str:
    return f"sqlite:///{Path(data_dir).resolve() / 'scheduler.sqlite'}"


def make_scheduler(data_dir: Path, blocking: bool = False) -> BaseScheduler:
    """A scheduler whose jobs persist in the data folder."""
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    kind = BlockingScheduler if blocking else BackgroundScheduler
    return kind(
        jobstores={"default": SQLAlchemyJobStore(url=job_store_url(data_dir))},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_SECONDS},
        timezone=UTC,
    )


def trigger_for(watch: Watch):
    if watch.schedule is None:
        raise WatchError(f"watch {watch.name!r} has no [schedule] (give cron = \"...\" or every = \"6h\")")
    if watch.schedule.cron:
        return CronTrigger.from_crontab(watch.schedule.cron, timezone=UTC)
    return IntervalTrigger(seconds=parse_duration(watch.schedule.every).total_seconds(), timezone=UTC)


def schedule_watch(data_dir: Path, watch_path: Path) -> str:
    """Store (or replace) the job of the watch in `watch_path`; returns its next run time."""
    watch = load_watch(watch_path)
    scheduler = make_scheduler(data_dir)
    # Started paused: the job is written to the store now, and nothing runs in this process.
    scheduler.start(paused=True)
    try:
        job = scheduler.add_job(
            "scheduler:run_watch_job",
            trigger=trigger_for(watch),
            args=[str(Path(watch_path).resolve()), str(Path(data_dir).resolve())],
            id=JOB_PREFIX + watch.name,
            name=f"crawl, analyze, rank {watch.name}",
            replace_existing=True,
        )
        return str(job.trigger.get_next_fire_time(None, datetime.now(UTC)))
    finally:
        scheduler.shutdown(wait=False)


def unschedule_watch(data_dir: Path, name: str) -> bool:
    scheduler = make_scheduler(data_dir)
    scheduler.start(paused=True)
    try:
        if scheduler.get_job(JOB_PREFIX + name) is None:
            return False
        scheduler.remove_job(JOB_PREFIX + name)
        return True
    finally:
        scheduler.shutdown(wait=False)


def list_jobs(data_dir: Path) -> list[dict]:
    scheduler = make_scheduler(data_dir)
    scheduler.start(paused=True)
    try:
        return [{"id": job.id, "name": job.name, "next_run": job.next_run_time, "watch_file": job.args[0]} for job in scheduler.get_jobs()]
    finally:
        scheduler.shutdown(wait=False)


def run_watch_job(watch_path: str, data_dir: str) -> None:
    """The scheduled job: the watch file is read at each run, so edits apply without rescheduling."""
    from portevoix.jobs import WatchBusy, run_watch
    from portevoix.settings import load_settings

    settings = load_settings(overrides={"data_dir": Path(data_dir)})
    try:
        runs = run_watch(load_watch(watch_path), settings, say=log.info)
        log.info("watch %s done: %s", watch_path, {stage: run.counts for stage, run in runs.items()})
    except WatchBusy as busy:
        log.warning("skipped: %s", busy)

