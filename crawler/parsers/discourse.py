"""Discourse forum JSON (topic post streams, latest posts, single posts) to posts and authors.

A post is `discourse:{host}/{topic id}/{post number}`: a reply's parent is the post its
`reply_to_post_number` names, or the topic's first post; a quote (`<aside class="quote"
data-topic data-post>`) points at the post it quotes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import lxml.html
from lxml.etree import ParserError

from crawler.parsers.common import ParsedPage, handles, hashtags, html_links, html_to_text, parse_datetime
from portevoix.models import Author, Post

PLATFORM = "discourse"


def post_id(host: str, topic_id: int | str, post_number: int | str) -> str:
    return Post.make_id(PLATFORM, f"{host}/{topic_id}/{post_number}")


def parse_discourse(payload: Any, base_url: str, fetched_at: datetime) -> ParsedPage:
    """Posts and authors from /t/{id}.json, /t/{id}/posts.json, /posts.json or /posts/{id}.json;
    the links are the /t/{id}/posts.json calls for the stream's posts not included yet."""
    host = base_url.split("://", 1)[-1].rstrip("/")
    if not isinstance(payload, dict):
        return ParsedPage(errors=("discourse_unexpected_payload",))
    title = payload.get("title")
    if "post_stream" in payload:
        raw_posts = payload["post_stream"].get("posts", [])
    elif "latest_posts" in payload:
        raw_posts = payload["latest_posts"]
    elif "cooked" in payload and "topic_id" in payload:
        raw_posts = [payload]
    else:
        return ParsedPage(errors=("discourse_unexpected_payload",))
    posts, authors, errors = {}, {}, []
    for raw in raw_posts:
        try:
            post, author = _to_post(raw, host, base_url, title, fetched_at)
        except (KeyError, TypeError, ValueError):
            errors.append("discourse_post_malformed")
            continue
        if post is not None:
            posts.setdefault(post.id, post)
        authors.setdefault(author.id, author)
    links = ()
    stream = payload.get("post_stream", {}).get("stream") or []
    included = {raw.get("id") for raw in raw_posts if isinstance(raw, dict)}
    missing = [pid for pid in stream if pid not in included]
    topic = payload.get("id")
    if missing and topic is not None and "title" in payload:
        # Discourse serves a topic's posts 20 at a time, by id.
        links = tuple(
            f"{base_url.rstrip('/')}/t/{topic}/posts.json?" + "&".join(f"post_ids[]={pid}" for pid in missing[i : i + 20])
            for i in range(0, len(missing), 20)
        )
    return ParsedPage(posts=tuple(posts.values()), authors=tuple(authors.values()), links=links, errors=tuple(errors))


def _alt_texts(html: str) -> str:
    """An image-only post speaks through its images' alt text (as on Mastodon and Bluesky)."""
    if "<img" not in html:
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return ""
    return " ".join(alt.strip() for alt in root.xpath("//img/@alt") if alt.strip())


def _quoted(html: str) -> tuple[str, str] | None:
    if "quote" not in html:
        return None
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return None
    for aside in root.xpath('//aside[contains(@class, "quote")][@data-topic][@data-post]'):
        return aside.get("data-topic"), aside.get("data-post")
    return None


def _to_post(raw: dict[str, Any], host: str, base_url: str, topic_title: str | None, fetched_at: datetime):
    username = raw["username"]
    author = Author(
        id=Author.make_id(PLATFORM, f"{host}/{username}"),
        platform=PLATFORM,
        handle=f"{host}/{username}".lower(),
        display_name=raw.get("name") or username,
        profile_url=f"{base_url.rstrip('/')}/u/{username}",
        fetched_at=fetched_at,
    )
    html = raw["cooked"] or ""
    text = html_to_text(html) or _alt_texts(html)
    if not text or raw.get("deleted_at") or raw.get("hidden"):
        return None, author
    topic, number = raw["topic_id"], int(raw["post_number"])
    reply_to = raw.get("reply_to_post_number")
    parent = post_id(host, topic, reply_to) if reply_to else post_id(host, topic, 1) if number > 1 else None
    quoted = _quoted(html)
    links, _ = html_links(html, base_url)
    likes = next((a.get("count", 0) for a in raw.get("actions_summary") or [] if a.get("id") == 2), None)
    post = Post(
        id=post_id(host, topic, number),
        platform=PLATFORM,
        url=f"{base_url.rstrip('/')}/t/{raw.get('topic_slug') or '-'}/{topic}/{number}",
        kind="post" if number == 1 else "reply",
        author_id=author.id,
        published_at=parse_datetime(raw.get("created_at")),
        fetched_at=fetched_at,
        title=(topic_title or raw.get("topic_title")) if number == 1 else None,
        text=text,
        parent_id=parent,
        quote_id=post_id(host, *quoted) if quoted else None,
        hashtags=hashtags(text),
        mentions=handles(text),
        links=links,
        metrics={"replies": raw.get("reply_count") or 0, "quotes": raw.get("quote_count") or 0, "views": raw.get("reads") or 0, "likes": likes if likes is not None else raw.get("like_count") or 0},
        raw=raw,  # the whole post as the forum sent it
    )
    return post, author
