"""RSS and Atom feeds (feedparser) to posts and authors; Atom threading gives replies, <blockquote cite> quotes."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime

import feedparser

from crawler.parsers.common import (
    WEB_PLATFORM,
    ParsedPage,
    handles,
    hashtags,
    html_links,
    html_to_text,
    web_author,
    web_post_id,
)
from crawler.parsers.markup import short_lang
from portevoix.models import Post


def parse_feed(body: bytes, url: str, fetched_at: datetime, max_items: int | None = None) -> ParsedPage:
    """The posts and authors of one feed document; a feed that cannot be read yields the error `feed_unreadable`."""
    feed = feedparser.parse(body, response_headers={"content-location": url})
    if feed.bozo and not feed.entries:
        return ParsedPage(errors=("feed_unreadable",))
    feed_lang = short_lang(feed.feed.get("language"))
    posts, authors, errors = [], {}, []
    for entry in feed.entries[:max_items]:
        post, author = _to_post(entry, url, fetched_at, feed_lang)
        if post is None:
            errors.append("entry_without_link_or_text")
            continue
        posts.append(post)
        if author is not None:
            authors[author.id] = author
    return ParsedPage(posts=tuple(posts), authors=tuple(authors.values()), errors=tuple(errors))


def _to_post(entry, feed_url: str, fetched_at: datetime, feed_lang: str | None):
    link = entry.get("link")
    content = entry.get("content")
    html = content[0].get("value", "") if content else entry.get("summary", "")
    text = html_to_text(html)
    if not link or not text:
        return None, None
    author = None
    if entry.get("author"):
        detail = entry.get("author_detail") or {}
        author = web_author(entry["author"], link, detail.get("href"))
    links, quoted = html_links(html, link)
    reply_to = entry.get("thr_in-reply-to") or {}
    parent_id = web_post_id(reply_to["href"]) if reply_to.get("href") else None
    entry_lang = content[0].get("language") if content else (entry.get("title_detail") or {}).get("language")
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    title = html_to_text(entry.get("title", "")) or None
    post = Post(
        id=web_post_id(link),
        platform=WEB_PLATFORM,
        url=link,
        kind="comment" if parent_id else "article",
        author_id=author.id if author else None,
        published_at=datetime.fromtimestamp(calendar.timegm(published), UTC) if published else None,
        fetched_at=fetched_at,
        lang=short_lang(entry_lang) or feed_lang,
        title=title,
        text=text,
        parent_id=parent_id,
        quote_id=web_post_id(quoted[0]) if quoted else None,
        hashtags=hashtags(text),
        mentions=handles(text),
        links=links,
        raw={"feed_url": feed_url, "entry_id": entry.get("id"), "tags": [t.get("term") for t in entry.get("tags", [])]},
    )
    return post, author

