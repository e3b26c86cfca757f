"""YouTube Data API v3 comment threads and comments to posts and authors.

Comments are `youtube:{comment id}`; a reply's parent is its thread's top comment. Authors
are their channel ids (`youtube:UC…`), which never change, with the display name kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterator

from crawler.parsers.common import ParsedPage, handles, hashtags, html_links, html_to_text, parse_datetime
from portevoix.models import Author, Post

PLATFORM = "youtube"


def parse_youtube(payload: Any, fetched_at: datetime) -> ParsedPage:
    """Posts and authors from a commentThreads or a comments list response."""
    if not isinstance(payload, dict) or payload.get("kind") not in {"youtube#commentThreadListResponse", "youtube#commentListResponse"}:
        return ParsedPage(errors=("youtube_unexpected_payload",))
    posts, authors, errors = {}, {}, []
    for comment, video_id, replies_total in _comments(payload.get("items") or []):
        try:
            post, author = _to_post(comment, video_id, replies_total, fetched_at)
        except (KeyError, TypeError, ValueError):
            errors.append("youtube_comment_malformed")
            continue
        if post is not None:
            posts.setdefault(post.id, post)
        if author is not None:
            authors.setdefault(author.id, author)
    return ParsedPage(posts=tuple(posts.values()), authors=tuple(authors.values()), errors=tuple(errors))


def threads_needing_replies(payload: Any) -> list[str]:
    """Ids of threads whose replies were not all included (the API embeds at most five)."""
    needing = []
    for item in (payload or {}).get("items") or []:
        if item.get("kind") != "youtube#commentThread":
            continue
        embedded = len((item.get("replies") or {}).get("comments") or [])
        if (item.get("snippet") or {}).get("totalReplyCount", 0) > embedded:
            needing.append(item["id"])
    return needing


def _comments(items: list[Any]) -> Iterator[tuple[dict[str, Any], str | None, int]]:
    for item in items:
        if not isinstance(item, dict):
            continue
        if item.get("kind") == "youtube#commentThread":
            snippet = item.get("snippet") or {}
            yield snippet.get("topLevelComment") or {}, snippet.get("videoId"), snippet.get("totalReplyCount") or 0
            for reply in (item.get("replies") or {}).get("comments") or []:
                yield reply, snippet.get("videoId"), 0
        else:
            yield item, (item.get("snippet") or {}).get("videoId"), 0


def _to_post(comment: dict[str, Any], video_id: str | None, replies_total: int, fetched_at: datetime):
    snippet = comment["snippet"]
    channel = (snippet.get("authorChannelId") or {}).get("value")
    author = None
    if channel:
        author = Author(
            id=Author.make_id(PLATFORM, channel), platform=PLATFORM, handle=channel.lower(),
            display_name=snippet.get("authorDisplayName"), profile_url=snippet.get("authorChannelUrl"), fetched_at=fetched_at,
        )
    html = snippet.get("textDisplay") or ""
    text = (snippet.get("textOriginal") or html_to_text(html)).strip()
    if not text:
        return None, author
    video_id = video_id or snippet.get("videoId")
    parent = snippet.get("parentId")
    links, _ = html_links(html, "https://www.youtube.com/")
    post = Post(
        id=Post.make_id(PLATFORM, comment["id"]),
        platform=PLATFORM,
        url=f"https://www.youtube.com/watch?v={video_id}&lc={comment['id']}" if video_id else None,
        kind="reply" if parent else "comment",
        author_id=author.id if author else None,
        published_at=parse_datetime(snippet.get("publishedAt")),
        fetched_at=fetched_at,
        text=text,
        parent_id=Post.make_id(PLATFORM, parent) if parent else None,
        hashtags=hashtags(text),
        mentions=handles(text),
        links=links,
        metrics={"likes": snippet.get("likeCount") or 0, "replies": replies_total},
        raw={"video_id": video_id, **comment},  # the whole comment resource as the API sent it
    )
    return post, author
