"""Page cursors (search_after style) and the sort key that makes them exact."""

from __future__ import annotations

import base64
import json
import zlib
from datetime import datetime

from index.store import MAX_RELEVANCE_RESULTS
from portevoix.errors import QueryError


def date_key(post_id: str, published_at: datetime | None) -> int:
    """A unique-enough, date-ordered u64: seconds since 1970 in the high half, a hash of the id below."""
    seconds = max(int(published_at.timestamp()), 0) if published_at else 0
    return (seconds << 32) | zlib.crc32(post_id.encode("utf-8"))


def encode(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


def decode(cursor: str | None, sort: str) -> dict:
    """The position a cursor holds; QueryError when it is not one of ours or belongs to another sort."""
    if not cursor:
        return {}
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, UnicodeDecodeError):
        raise QueryError("bad cursor: pass back the next_cursor of a previous page") from None
    if not isinstance(data, dict) or data.get("sort") != sort:
        raise QueryError(f"bad cursor: it was made for another sort than {sort!r}")
    return data


def relevance_offset(position: dict, limit: int) -> int:
    offset = int(position.get("offset", 0))
    if offset + limit > MAX_RELEVANCE_RESULTS:
        raise QueryError(f"relevance pages stop at {MAX_RELEVANCE_RESULTS:,} results: sort by date, or narrow the query, to go further")
    return offset
