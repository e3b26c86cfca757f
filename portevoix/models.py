"""The shared records: what every stage reads and writes.

Records are immutable. Ids are deterministic (a re-crawl or a re-analysis gives the
same id), datetimes are UTC, and derived records name the component that made them.
"""

from __future__ import annotations

import hashlib
import uuid
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

PostKind = Literal["post", "reply", "review", "article", "comment"]
RunStatus = Literal["running", "ok", "failed"]


def utc_now() -> datetime:
    """The current time in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def as_utc(value: datetime) -> datetime:
    """`value` in UTC; a naive datetime is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def stable_hash(*parts: str, length: int = 20) -> str:
    """A short hex digest of `parts`, the same on every machine and run."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def slugify(name: str) -> str:
    """A lower-case ASCII id for a brand or talent name (`L'Oréal Paris` -> `loreal-paris`)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    folded = re.sub(r"['’`]", "", folded.lower())
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


class Record(BaseModel):
    """Base of every record: frozen, strict about unknown fields, UTC datetimes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _datetimes_in_utc(cls, value: Any) -> Any:
        return as_utc(value) if isinstance(value, datetime) else value


def full_text(kind: str, title: str | None, text: str) -> str:
    """Title and text, except for replies and comments, whose feeds title them after the
    article ("Re: ...", "Comment on ..."): words that are not theirs; and except a title that is only the
    text's first words ("J'utilise mon étagère Billy comme tête…", as feeds title untitled posts), which
    would count its mentions twice and end its sentences mid-way."""
    if title and kind not in {"comment", "reply"} and not _opening_of(title, text):
        return f"{title}\n{text}"
    return text


def _opening_of(title: str, text: str) -> bool:
    """True when `title` is `text`'s beginning: whole words, or cut anywhere before an ellipsis."""
    title = " ".join(title.split())
    opening = title.rstrip("…").removesuffix("...").rstrip()
    text = " ".join(text.split())
    if not opening or not text.startswith(opening):
        return False
    cut = opening != title  # a feed's ellipsis may fall inside a word ("comme tê…")
    return cut or len(text) == len(opening) or not text[len(opening)].isalnum()


class Author(Record):
    """Someone who writes posts, on one platform: id is `platform:handle`."""

    id: str
    platform: str
    handle: str
    display_name: str | None = None
    profile_url: str | None = None
    followers: int | None = None
    following: int | None = None
    post_count: int | None = None
    bio: str | None = None
    verified: bool = False
    fetched_at: datetime = Field(default_factory=utc_now)

    @staticmethod
    def make_id(platform: str, handle: str) -> str:
        return f"{platform}:{handle.lower()}"


class Post(Record):
    """One public post, reply, review, article or comment, as fetched."""

    id: str
    platform: str
    url: str | None = None
    kind: PostKind = "post"
    author_id: str | None = None
    published_at: datetime | None = None
    fetched_at: datetime = Field(default_factory=utc_now)
    lang: str | None = None
    title: str | None = None
    text: str
    parent_id: str | None = None
    quote_id: str | None = None
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    metrics: dict[str, int] = Field(default_factory=dict)
    rating: float | None = None
    rating_max: float | None = None
    product: str | None = None
    raw: dict[str, Any] | None = None

    @staticmethod
    def make_id(platform: str, native_id: str) -> str:
        return f"{platform}:{native_id}"

    @property
    def full_text(self) -> str:
        """What the analysis and the search index read (see `full_text`)."""
        return full_text(self.kind, self.title, self.text)


class Mention(Record):
    """A brand (or talent) named in a post, with the characters that name it."""

    id: str
    watch: str
    post_id: str
    brand_id: str
    surface: str
    start: int
    end: int
    method: str
    confidence: float
    component: str
    version: str

    @staticmethod
    def make_id(watch: str, post_id: str, brand_id: str, start: int) -> str:
        return stable_hash(watch, post_id, brand_id, str(start))


class Signal(Record):
    """Something a post says or does (recommends, sponsored, sentiment, ...), scored in [0, 1]."""

    id: str
    watch: str
    post_id: str
    subject_id: str | None
    kind: str
    score: float = Field(ge=0.0, le=1.0)
    label: str | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None
    evidence: str | None = None
    detector: str
    version: str

    @staticmethod
    def make_id(watch: str, post_id: str, subject_id: str | None, kind: str) -> str:
        return stable_hash(watch, post_id, subject_id or "", kind)


class Relation(Record):
    """An interaction that is not a post of its own: `author_id` reposted (boosted) `post_id` at `at`."""

    id: str
    kind: Literal["repost"]
    platform: str
    author_id: str
    post_id: str
    target_author_id: str | None = None
    at: datetime | None = None
    fetched_at: datetime = Field(default_factory=utc_now)

    @staticmethod
    def make_id(kind: str, author_id: str, post_id: str) -> str:
        return stable_hash(kind, author_id, post_id)


class Ranking(Record):
    """One author's place in one role for one subject (brand or talent), with the parts of the score."""

    id: str
    run_id: str
    watch: str
    role: str
    subject_id: str
    author_id: str
    rank: int
    score: float
    parts: dict[str, float]
    evidence_post_ids: tuple[str, ...] = ()
    post_count: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    community: int | None = None  # the interaction-graph community (Louvain) the author belongs to
    component: str
    version: str
    created_at: datetime = Field(default_factory=utc_now)

    @staticmethod
    def make_id(run_id: str, role: str, subject_id: str, author_id: str) -> str:
        return stable_hash(run_id, role, subject_id, author_id)


class Run(Record):
    """One execution of a stage (crawl, analyze, rank): when, what it counted, what went wrong."""

    id: str
    watch: str | None
    stage: str
    started_at: datetime
    finished_at: datetime | None = None
    status: RunStatus = "running"
    counts: dict[str, int] = Field(default_factory=dict)
    errors: dict[str, int] = Field(default_factory=dict)
    message: str | None = None

    @staticmethod
    def make_id(stage: str, started_at: datetime) -> str:
        # Runs are events, not derived data: two runs in one second must not share an id.
        return f"{stage}-{as_utc(started_at).strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
