"""Reddit JSON listings (subreddits, searches, comment trees) to posts and authors.

Ids are Reddit's fullnames (`reddit:t3_abc` for a submission, `reddit:t1_def` for a
comment), so a comment's `parent_id` is already the id of its parent. "more" stubs
(comments left out of a tree) come back as URLs for the spider to follow within budget.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Iterator
from urllib.parse import urlencode

from crawler.parsers.common import ParsedPage, handles, hashtags, html_links
from portevoix.models import Author, Post

PLATFORM = "reddit"
SITE = "https://www.reddit.com"
MORE_PER_CALL = 100  # /api/morechildren takes at most 100 comment ids


def parse_reddit(payload: Any, fetched_at: datetime, base_url: str = SITE) -> ParsedPage:
    """Posts and authors from a listing, a list of listings (a submission and its comments), or a
    morechildren answer; the links are the morechildren calls for the stubs found."""
    things = list(iter_things(payload))
    if not things and not _is_listing_shaped(payload):
        return ParsedPage(errors=("reddit_unexpected_payload",))
    posts: dict[str, Post] = {}
    authors: dict[str, Author] = {}
    more: dict[str, list[str]] = {}
    errors: list[str] = []
    for kind, data in things:
        if kind == "more":
            link_id = data.get("parent_id", "")
            link = data.get("link_id") or (link_id if link_id.startswith("t3_") else None)
            if link and data.get("children"):
                more.setdefault(link, []).extend(data["children"])
            continue
        try:
            post = to_post(kind, data, fetched_at)
        except (KeyError, TypeError, ValueError):
            errors.append("reddit_item_malformed")
            continue
        if post is None:
            continue
        posts.setdefault(post.id, post)
        name = data.get("author")
        if name and name != "[deleted]":
            author = Author(id=Author.make_id(PLATFORM, name), platform=PLATFORM, handle=name.lower(), display_name=name, profile_url=f"{SITE}/user/{name}", fetched_at=fetched_at)
            authors.setdefault(author.id, author)
    links = tuple(
        f"{base_url}/api/morechildren.json?" + urlencode({"api_type": "json", "raw_json": 1, "link_id": link, "children": ",".join(ids[i : i + MORE_PER_CALL])})
        for link, ids in more.items()
        for i in range(0, len(ids), MORE_PER_CALL)
    )
    return ParsedPage(posts=tuple(posts.values()), authors=tuple(authors.values()), links=links, errors=tuple(errors))


def _is_listing_shaped(payload: Any) -> bool:
    if isinstance(payload, list):
        return all(isinstance(p, dict) and p.get("kind") == "Listing" for p in payload)
    return isinstance(payload, dict) and (payload.get("kind") == "Listing" or "json" in payload)


def iter_things(payload: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (kind, data) in a listing tree, comment replies included."""
    if isinstance(payload, list):
        for part in payload:
            yield from iter_things(part)
        return
    if not isinstance(payload, dict):
        return
    if "json" in payload:  # /api/morechildren answers {"json": {"data": {"things": [...]}}}
        yield from iter_things({"kind": "Listing", "data": {"children": payload["json"].get("data", {}).get("things", [])}})
        return
    if payload.get("kind") == "Listing":
        for child in payload.get("data", {}).get("children", []):
            if isinstance(child, dict) and isinstance(child.get("data"), dict):
                yield child.get("kind", ""), child["data"]
                replies = child["data"].get("replies")
                if isinstance(replies, dict):
                    yield from iter_things(replies)


def to_post(kind: str, data: dict[str, Any], fetched_at: datetime) -> Post | None:
    if kind not in {"t1", "t3"}:
        return None
    if kind == "t3":
        selftext = (data.get("selftext") or "").strip()
        title = data["title"]
        text, title = (selftext, title) if selftext else (title, None)
        links = (data["url"],) if not data.get("is_self") and data.get("url") else ()
        parent = None
        post_kind = "post"
    else:
        text = (data["body"] or "").strip()
        title = None
        links, _ = html_links(data.get("body_html") or "", SITE)
        parent = data.get("parent_id")
        post_kind = "comment"
    if not text or text in {"[deleted]", "[removed]"}:
        return None
    author = data.get("author")
    return Post(
        id=Post.make_id(PLATFORM, data.get("name") or f"{kind}_{data['id']}"),
        platform=PLATFORM,
        url=SITE + data["permalink"] if data.get("permalink") else None,
        kind=post_kind,
        author_id=Author.make_id(PLATFORM, author) if author and author != "[deleted]" else None,
        published_at=datetime.fromtimestamp(float(data["created_utc"]), UTC) if data.get("created_utc") else None,
        fetched_at=fetched_at,
        title=title,
        text=text,
        parent_id=Post.make_id(PLATFORM, parent) if parent else None,
        hashtags=hashtags(text),
        mentions=handles(text),
        links=tuple(links),
        metrics={"likes": max(int(data.get("score") or 0), 0), "replies": int(data.get("num_comments") or 0)},
        # The whole thing as Reddit sent it, but its replies: those are posts of their own.
        raw={"kind": kind, **{key: value for key, value in data.items() if key != "replies"}},
    )
