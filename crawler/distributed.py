"""The Redis side of distributed crawls: key names, and the count of crawler processes at work on a watch."""

from __future__ import annotations


def redis_prefix(watch: str) -> str:
    return f"portevoix:{watch}"


def workers_key(watch: str) -> str:
    return f"{redis_prefix(watch)}:workers"


def join_workers(url: str, watch: str):
    """Count this process in; returns the Redis client to leave with."""
    import redis

    client = redis.Redis.from_url(url)
    client.incr(workers_key(watch))
    return client


def leave_workers(client, watch: str) -> None:
    """Count this process out; the last one deletes the shared frontier and dupefilter."""
    if client.decr(workers_key(watch)) <= 0:
        keys = list(client.scan_iter(f"{redis_prefix(watch)}:*"))
        if keys:
            client.delete(*keys)
