"""Mastodon API responses (statuses, timelines, threads, search) to posts and authors.

Status ids are local to the instance that serves them, and so is `in_reply_to_id`: a
post's id is `mastodon:{instance}/{id}`, which keeps replies and quotes pointing at the
right post. The global ActivityPub `uri` stays in the raw payload.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterator

from crawler.parsers.common import ParsedPage, html_links, html_to_text, parse_datetime
from portevoix.models import Author, Post, Relation

PLATFORM = "mastodon"


def post_id(instance: str, status_id: str) -> str:
    return Post.make_id(PLATFORM, f"{instance}/{status_id}")


def parse_mastodon(payload: Any, instance: str, fetched_at: datetime) -> ParsedPage:
    """Posts and authors from any Mastodon response that carries statuses: a status, a list of them
    (timelines), a thread context ({ancestors, descendants}) or a v2 search ({statuses, accounts})."""
    statuses, accounts, errors = [], [], []
    if isinstance(payload, list):
        statuses = payload
    elif isinstance(payload, dict) and "content" in payload and "account" in payload:
        statuses = [payload]
    elif isinstance(payload, dict) and ("ancestors" in payload or "descendants" in payload):
        statuses = [*payload.get("ancestors", []), *payload.get("descendants", [])]
    elif isinstance(payload, dict) and ("statuses" in payload or "accounts" in payload):
        statuses, accounts = payload.get("statuses", []), payload.get("accounts", [])
    else:
        return ParsedPage(errors=("mastodon_unexpected_payload",))
    posts: dict[str, Post] = {}
    authors: dict[str, Author] = {}
    relations: dict[str, Relation] = {}
    for status in _flatten(statuses):
        try:
            post, author = _to_post(status, instance, fetched_at)
            boost = _boost(status, instance, author, fetched_at)
        except (KeyError, TypeError, ValueError):
            errors.append("mastodon_status_malformed")
            continue
        if boost is not None:
            relations.setdefault(boost.id, boost)
        if post is not None:
            posts.setdefault(post.id, post)
        # The first copy of an account is the fullest: copies nested in quotes may be trimmed.
        authors.setdefault(author.id, author)
    for account in accounts:
        try:
            author = to_author(account, instance, fetched_at)
        except (KeyError, TypeError, ValueError):
            errors.append("mastodon_account_malformed")
            continue
        authors.setdefault(author.id, author)
    return ParsedPage(posts=tuple(posts.values()), authors=tuple(authors.values()), relations=tuple(relations.values()), errors=tuple(errors))


def _boost(status: dict[str, Any], instance: str, booster: Author, fetched_at: datetime) -> Relation | None:
    """A boost as a relation: who boosted which status, when."""
    boosted = status.get("reblog")
    if not isinstance(boosted, dict):
        return None
    target = post_id(instance, boosted["id"])
    return Relation(
        id=Relation.make_id("repost", booster.id, target),
        kind="repost",
        platform=PLATFORM,
        author_id=booster.id,
        post_id=target,
        target_author_id=Author.make_id(PLATFORM, account_handle(boosted["account"], instance)),
        at=parse_datetime(status.get("created_at")),
        fetched_at=fetched_at,
    )


def _flatten(statuses: list[Any]) -> Iterator[dict[str, Any]]:
    """Each status, then the statuses it carries: the boosted one, the quoted one (quotes nest)."""
    for status in statuses:
        if not isinstance(status, dict):
            continue
        yield status
        nested = [status.get("reblog"), _quoted(status)]
        yield from _flatten([n for n in nested if isinstance(n, dict)])


def _quoted(status: dict[str, Any]) -> dict[str, Any] | None:
    quote = status.get("quote")
    return quote.get("quoted_status") if isinstance(quote, dict) else None


def _quoted_id(status: dict[str, Any]) -> str | None:
    quote = status.get("quote")
    if not isinstance(quote, dict) or quote.get("state") not in (None, "accepted"):
        return None
    quoted = quote.get("quoted_status")
    return quoted.get("id") if isinstance(quoted, dict) else quote.get("quoted_status_id")


def account_handle(account: dict[str, Any], instance: str) -> str:
    """`user@domain` for every account, local ones included (their `acct` has no domain)."""
    acct = account["acct"]
    return acct if "@" in acct else f"{acct}@{instance}"


def to_author(account: dict[str, Any], instance: str, fetched_at: datetime) -> Author:
    handle = account_handle(account, instance)
    return Author(
        id=Author.make_id(PLATFORM, handle),
        platform=PLATFORM,
        handle=handle.lower(),
        display_name=account.get("display_name") or account.get("username"),
        profile_url=account.get("url"),
        followers=account.get("followers_count"),
        following=account.get("following_count"),
        post_count=account.get("statuses_count"),
        bio=html_to_text(account.get("note") or "") or None,
        verified=False,
        fetched_at=fetched_at,
    )


def _to_post(status: dict[str, Any], instance: str, fetched_at: datetime) -> tuple[Post | None, Author]:
    author = to_author(status["account"], instance, fetched_at)
    if status.get("reblog"):
        # A boost carries no words of its own: the boosted status is the post, the boost a relation (raw).
        return None, author
    html = status["content"] or ""  # always present, even empty: a status without it is malformed
    text = html_to_text(html)
    if not text and status.get("media_attachments"):
        text = " ".join(m.get("description") or "" for m in status["media_attachments"]).strip()
    if not text:
        return None, author
    links, _ = html_links(html, status.get("url") or f"https://{instance}/")
    tags = tuple(dict.fromkeys(t["name"].lower() for t in status.get("tags", []) if t.get("name")))
    mentions = tuple(dict.fromkeys(m["acct"].lower() for m in status.get("mentions", []) if m.get("acct")))
    quoted = _quoted_id(status)
    post = Post(
        id=post_id(instance, status["id"]),
        platform=PLATFORM,
        url=status.get("url") or status.get("uri"),
        kind="reply" if status.get("in_reply_to_id") else "post",
        author_id=author.id,
        published_at=parse_datetime(status.get("created_at")),
        fetched_at=fetched_at,
        lang=status.get("language"),
        title=status.get("spoiler_text") or None,
        text=text,
        parent_id=post_id(instance, status["in_reply_to_id"]) if status.get("in_reply_to_id") else None,
        quote_id=post_id(instance, quoted) if quoted else None,
        hashtags=tags,
        mentions=mentions,
        links=tuple(link for link in links if "/tags/" not in link and "/@" not in link),
        metrics={
            "replies": status.get("replies_count") or 0,
            "shares": status.get("reblogs_count") or 0,
            "likes": status.get("favourites_count") or 0,
            "quotes": status.get("quotes_count") or 0,
        },
        raw=status,  # the whole status as the instance sent it
    )
    return post, author
