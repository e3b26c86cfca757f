"""Watches: the TOML file a brand team writes (brands, talents, sources, schedule), validated on load."""

from __future__ import annotations

import re
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from portevoix.errors import WatchError
from portevoix.models import slugify

_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_DURATION_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    """`"6h"`, `"30m"`, `"1d"` as a timedelta; raises ValueError on anything else."""
    match = _DURATION.match(text)
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{text!r} is not a duration like '30m', '6h' or '1d'")
    return timedelta(**{_DURATION_UNITS[match.group(2)]: int(match.group(1))})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def _exactly_one_of(self, *names: str) -> None:
        if sum(getattr(self, name) is not None for name in names) != 1:
            quoted = [f"'{name}'" for name in names]
            raise ValueError(f"give exactly one of {', '.join(quoted[:-1])} or {quoted[-1]}")


class _Named(_Strict):
    """Something we look for in posts under its name and its aliases."""

    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return slugify(self.name)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Brand(_Named):
    """A brand to listen for, with the other names people give it."""

    description: str | None = None
    exclude: tuple[str, ...] = ()


class Talent(_Named):
    """An artist or creator whose fans we follow."""


class _Source(_Strict):
    """What every source has: an age budget. Posts published more than `max_age_days` ago are not kept,
    and a listing that comes newest first is not paged past them."""

    max_age_days: int | None = Field(default=None, gt=0)


class RssSource(_Source):
    """An RSS or Atom feed."""

    type: Literal["rss"]
    url: str
    max_items: int = Field(default=1000, gt=0)


class ReviewsSource(_Source):
    """Web pages carrying schema.org reviews; links matching `follow` are followed on the same site."""

    type: Literal["reviews"]
    url: str
    follow: str | None = None
    max_pages: int = Field(default=200, gt=0)

    @field_validator("follow")
    @classmethod
    def _follow_is_a_regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"not a regular expression: {error}") from None
        return value


class MastodonSource(_Source):
    """A Mastodon instance's public API: a hashtag timeline, an account's statuses, or a search,
    with the replies of each status (its thread context) when `replies` is on."""

    type: Literal["mastodon"]
    instance: str = Field(min_length=1)  # "mastodon.social" or a base URL
    hashtag: str | None = None
    account: str | None = None
    search: str | None = None
    replies: bool = True
    max_pages: int = Field(default=10, gt=0)

    @model_validator(mode="after")
    def _exactly_one_feed(self) -> "MastodonSource":
        self._exactly_one_of("hashtag", "account", "search")
        return self

    @property
    def base_url(self) -> str:
        return self.instance.rstrip("/") if "://" in self.instance else f"https://{self.instance}"


class BlueskySource(_Source):
    """Bluesky's public AppView (no login): a post search or an account's feed, with each post's
    thread when `replies` is on, and the authors' profiles."""

    type: Literal["bluesky"]
    search: str | None = None
    actor: str | None = None  # a handle or a DID
    replies: bool = True
    max_pages: int = Field(default=10, gt=0)
    appview: str = "https://public.api.bsky.app"

    @model_validator(mode="after")
    def _exactly_one_feed(self) -> "BlueskySource":
        self._exactly_one_of("search", "actor")
        return self


class RedditSource(_Source):
    """Reddit's public JSON: a subreddit's listing or a search (optionally within `subreddit`), with
    each submission's comment tree when `comments` is on, following "more" stubs up to `max_more` calls."""

    type: Literal["reddit"]
    subreddit: str | None = None
    search: str | None = None
    sort: Literal["new", "hot", "top", "relevance", "comments"] = "new"
    comments: bool = True
    max_pages: int = Field(default=10, gt=0)
    max_more: int = Field(default=5, ge=0)
    site: str = "https://www.reddit.com"

    @model_validator(mode="after")
    def _something_to_read(self) -> "RedditSource":
        if self.subreddit is None and self.search is None:
            raise ValueError("give 'subreddit', 'search', or both")
        return self


class DiscourseSource(_Source):
    """Any Discourse forum's JSON: its latest topics (or one category's), each topic's whole post stream."""

    type: Literal["discourse"]
    forum: str = Field(min_length=1)  # the forum's base URL
    category: str | None = None  # a category slug
    max_pages: int = Field(default=5, gt=0)

    @property
    def base_url(self) -> str:
        return self.forum.rstrip("/") if "://" in self.forum else f"https://{self.forum.rstrip('/')}"


class YoutubeSource(_Source):
    """YouTube comment threads of a video or of a whole channel, replies included, through the Data API v3.
    The key is the `youtube_api_key` setting (PORTEVOIX_YOUTUBE_API_KEY): a watch file never holds it."""

    type: Literal["youtube"]
    video: str | None = None
    channel: str | None = None
    max_pages: int = Field(default=10, gt=0)
    api: str = "https://www.googleapis.com/youtube/v3"

    @model_validator(mode="after")
    def _exactly_one(self) -> "YoutubeSource":
        self._exactly_one_of("video", "channel")
        return self


class WebSource(ReviewsSource):
    """Article and blog pages (main text, and comments where the page marks them up); same keys as reviews."""

    type: Literal["web"]


Source = Annotated[
    RssSource | ReviewsSource | WebSource | MastodonSource | BlueskySource | RedditSource | DiscourseSource | YoutubeSource, Field(discriminator="type")
]


class Schedule(_Strict):
    """When to run the watch: a cron expression or a fixed interval, not both."""

    cron: str | None = None
    every: str | None = None

    @field_validator("every")
    @classmethod
    def _every_is_a_duration(cls, value: str | None) -> str | None:
        if value is not None:
            parse_duration(value)
        return value

    @field_validator("cron")
    @classmethod
    def _cron_is_valid(cls, value: str | None) -> str | None:
        if value is not None:
            from apscheduler.triggers.cron import CronTrigger

            try:
                CronTrigger.from_crontab(value)
            except ValueError as error:
                raise ValueError(f"not a cron expression ({error})") from None
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> "Schedule":
        self._exactly_one_of("cron", "every")
        return self


class Watch(_Strict):
    """Everything one brand team listens for."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80)
    languages: tuple[str, ...] = ("fr", "en")
    brands: tuple[Brand, ...] = Field(min_length=1)
    talents: tuple[Talent, ...] = ()
    sources: tuple[Source, ...] = ()
    schedule: Schedule | None = None

    @field_validator("languages")
    @classmethod
    def _languages_are_codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for code in value:
            if not re.fullmatch(r"[a-z]{2}", code):
                raise ValueError(f"{code!r} is not a two-letter language code")
        return value

    @model_validator(mode="after")
    def _ids_are_unique(self) -> "Watch":
        for kind, items in (("brand", self.brands), ("talent", self.talents)):
            seen: set[str] = set()
            for item in items:
                if item.id in seen:
                    raise ValueError(f"two {kind}s share the id {item.id!r}: rename one")
                seen.add(item.id)
        return self

    @property
    def display_names(self) -> dict[str, str]:
        """The display name of every brand and talent, by id."""
        return {named.id: named.name for named in (*self.brands, *self.talents)}

    def brand(self, name_or_id: str) -> Brand:
        """The brand with this name or id; WatchError if none."""
        wanted = slugify(name_or_id)
        for brand in self.brands:
            if brand.id == wanted:
                return brand
        known = ", ".join(b.name for b in self.brands)
        raise WatchError(f"watch {self.name!r} has no brand {name_or_id!r} (it has: {known})")


def load_watch(path: str | Path) -> Watch:
    """Read and validate a watch file; WatchError names the file, key and line of any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WatchError(f"{path}: no such watch file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise WatchError(f"{path}: cannot read the watch file ({error})") from None
    return parse_watch(text, source=str(path))


def parse_watch(text: str, source: str = "<watch>") -> Watch:
    """Validate a watch from its TOML text; `source` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise WatchError(f"{source}: not valid TOML: {error}") from None
    try:
        return Watch.model_validate(data)
    except ValidationError as error:
        raise WatchError(_describe(error, text, source)) from None


def _describe(error: ValidationError, text: str, source: str) -> str:
    lines = []
    for problem in error.errors():
        loc = _toml_path(problem["loc"])
        if problem["type"] == "union_tag_invalid":
            loc = (*loc, "type")
        key = ".".join(str(part) if isinstance(part, str) else f"[{part}]" for part in loc).replace(".[", "[")
        line = find_toml_line(text, loc)
        where = f"{source}:{line}" if line else source
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = "unknown key"
        lines.append(f"{where}: {key or '(top level)'}: {message}")
    return "invalid watch\n  " + "\n  ".join(lines)


def _toml_path(loc: tuple) -> tuple:
    # A discriminated union puts the tag in the location (sources.0.rss.url): drop it.
    tags = {"rss", "reviews", "web", "mastodon", "bluesky", "reddit", "discourse", "youtube"}
    return tuple(part for i, part in enumerate(loc) if not (part in tags and i > 0 and isinstance(loc[i - 1], int)))


_TABLE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]+\")\s*=")


def find_toml_line(text: str, loc: tuple) -> int | None:
    """The 1-based line where the key at `loc` is written (or its table, when the key is missing)."""
    table: tuple = ()
    counts: dict[str, int] = {}
    best: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE.match(line)
        if header:
            name = header.group(2)
            if header.group(1) == "[[":
                counts[name] = counts.get(name, -1) + 1
                table = (*name.split("."), counts[name])
            else:
                table = tuple(name.split("."))
            if loc[: len(table)] == table:
                best = number
            continue
        key = _KEY.match(line)
        if key and (*table, key.group(1).strip('"')) == tuple(loc[: len(table) + 1]):
            return number
    return best
