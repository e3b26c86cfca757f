"""Scheduled watches persist in the data folder, survive a scheduler restart, and never overlap."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import scheduler
from index import open_store
from portevoix.jobs import WatchBusy, run_watch, watch_lock
from portevoix.watch import load_watch

WATCH = 'name = "every-second"\n[[brands]]\nname = "Nivea"\n[schedule]\nevery = "1s"\n'


def wait_for_rank_runs(settings, count: int, timeout: float = 90) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        store = open_store(settings)
        done = [r for r in store.load_runs("every-second", "rank") if r.status == "ok"]
        store.close()
        if len(done) >= count:
            return len(done)
        time.sleep(0.5)
    raise AssertionError(f"fewer than {count} scheduled run(s) after {timeout}s")


def start_scheduler(data_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "PORTEVOIX_LOG_LEVEL": "WARNING"}
    return subprocess.Popen([sys.executable, "-m", "portevoix.cli", "--data-dir", str(data_dir), "scheduler", "run"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.mark.slow
def test_a_job_survives_a_restart_of_the_scheduler(settings, tmp_path):
    watch_file = tmp_path / "every-second.toml"
    watch_file.write_text(WATCH)
    scheduler.schedule_watch(settings.data_dir, watch_file)
    assert [job["id"] for job in scheduler.list_jobs(settings.data_dir)] == ["watch:every-second"]
    assert (settings.data_dir / "scheduler.sqlite").exists()

    first = start_scheduler(settings.data_dir)
    try:
        wait_for_rank_runs(settings, 1)
    finally:
        stop(first)
    runs_before_restart = wait_for_rank_runs(settings, 1)

    second = start_scheduler(settings.data_dir)  # a new process: the job comes from the job store
    try:
        assert wait_for_rank_runs(settings, runs_before_restart + 1) > runs_before_restart
    finally:
        stop(second)
    assert [job["id"] for job in scheduler.list_jobs(settings.data_dir)] == ["watch:every-second"]
    assert scheduler.unschedule_watch(settings.data_dir, "every-second") is True
    assert scheduler.list_jobs(settings.data_dir) == []


def test_rescheduling_replaces_the_job(settings, tmp_path):
    watch_file = tmp_path / "w.toml"
    watch_file.write_text(WATCH)
    scheduler.schedule_watch(settings.data_dir, watch_file)
    watch_file.write_text(WATCH.replace('every = "1s"', 'cron = "0 3 * * *"'))
    scheduler.schedule_watch(settings.data_dir, watch_file)
    [job] = scheduler.list_jobs(settings.data_dir)
    assert job["next_run"].hour == 3


def test_a_watch_without_schedule_cannot_be_scheduled(settings, tmp_path):
    from portevoix.errors import WatchError

    watch_file = tmp_path / "w.toml"
    watch_file.write_text('name = "x"\n[[brands]]\nname = "X"\n')
    with pytest.raises(WatchError, match="has no \\[schedule\\]"):
        scheduler.schedule_watch(settings.data_dir, watch_file)


def test_a_scheduled_run_analyses_with_the_encoder_the_settings_name(settings, tmp_path):
    from dataclasses import replace

    from portevoix.errors import AnalysisError

    watch_file = tmp_path / "w.toml"
    watch_file.write_text(WATCH)
    with pytest.raises(AnalysisError, match="unknown encoder backend 'nope'"):
        run_watch(load_watch(watch_file), replace(settings, encoder_backend="nope"))


def test_one_watch_never_runs_twice_at_once(settings, tmp_path):
    watch_file = tmp_path / "w.toml"
    watch_file.write_text(WATCH)
    watch = load_watch(watch_file)
    with watch_lock(settings, watch):
        with pytest.raises(WatchBusy, match="already running"):
            run_watch(watch, settings)
