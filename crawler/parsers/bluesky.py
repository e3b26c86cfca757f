"""Bluesky AppView responses (feeds, search, threads, quotes, profiles) to posts and authors.

A post's id comes from its at:// URI (`bluesky:did:plc:.../rkey`), which does not change
when its author changes handle, so replies and quotes point at the right post. Authors
are `bluesky:handle`, with the DID in their raw-free record kept as the profile URL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterator

from crawler.parsers.common import ParsedPage, handles, hashtags, parse_datetime
from portevoix.models import Author, Post, Relation

PLATFORM = "bluesky"
POST_COLLECTION = "app.bsky.feed.post"


def post_id(at_uri: str) -> str:
    """`at://did:plc:abc/app.bsky.feed.post/3k7q` -> `bluesky:did:plc:abc/3k7q`."""
    did, collection, rkey = at_uri.removeprefix("at://").split("/", 2)
    if collection != POST_COLLECTION:
        raise ValueError(f"not a post: {at_uri}")
    return Post.make_id(PLATFORM, f"{did}/{rkey}")


def parse_bluesky(payload: Any, fetched_at: datetime) -> ParsedPage:
    """Posts and authors from getAuthorFeed / getTimeline ({feed}), searchPosts / getPosts / getQuotes
    ({posts}), getPostThread ({thread}) and getProfile(s) (a profile, or {profiles})."""
    if not isinstance(payload, dict):
        return ParsedPage(errors=("bluesky_unexpected_payload",))
    views: list[Any]
    profiles: list[Any] = []
    relations: dict[str, Relation] = {}
    reposters: list[Any] = []
    errors: list[str] = []
    if "feed" in payload:
        items = [item for item in payload["feed"] if isinstance(item, dict)]
        views = [item.get("post") for item in items]
        for item in items:
            try:
                repost = _repost(item, fetched_at)
            except (KeyError, TypeError, ValueError):
                errors.append("bluesky_repost_malformed")
                continue
            if repost is not None:
                relations.setdefault(repost.id, repost)
                reposters.append(item["reason"]["by"])
    elif "posts" in payload:
        views = payload["posts"]
    elif "thread" in payload:
        views = list(_thread(payload["thread"]))
    elif "profiles" in payload:
        views, profiles = [], payload["profiles"]
    elif "did" in payload and "handle" in payload:
        views, profiles = [], [payload]
    else:
        return ParsedPage(errors=("bluesky_unexpected_payload",))
    posts: dict[str, Post] = {}
    authors: dict[str, Author] = {}
    for view in views:
        if not isinstance(view, dict) or view.get("$type", "").endswith(("#notFoundPost", "#blockedPost")):
            continue
        try:
            post = to_post(view, fetched_at)
            author = to_author(view["author"], fetched_at)
        except (KeyError, TypeError, ValueError):
            errors.append("bluesky_post_malformed")
            continue
        posts.setdefault(post.id, post)
        authors.setdefault(author.id, author)
    for profile in reposters:
        author = to_author(profile, fetched_at)  # read once already by _repost
        authors.setdefault(author.id, author)
    for profile in profiles:
        try:
            author = to_author(profile, fetched_at)
        except (KeyError, TypeError, ValueError):
            errors.append("bluesky_profile_malformed")
            continue
        authors[author.id] = author  # a full profile beats the short one embedded in posts
    return ParsedPage(posts=tuple(posts.values()), authors=tuple(authors.values()), relations=tuple(relations.values()), errors=tuple(errors))


def _repost(item: dict[str, Any], fetched_at: datetime) -> Relation | None:
    """A feed item shown because someone reposted it (`reason` is `#reasonRepost`): that repost as a relation."""
    reason = item.get("reason")
    if not isinstance(reason, dict) or not reason.get("$type", "").endswith("#reasonRepost"):
        return None
    view = item["post"]
    reposter = Author.make_id(PLATFORM, reason["by"]["handle"])
    target = post_id(view["uri"])
    return Relation(
        id=Relation.make_id("repost", reposter, target),
        kind="repost",
        platform=PLATFORM,
        author_id=reposter,
        post_id=target,
        target_author_id=Author.make_id(PLATFORM, view["author"]["handle"]),
        at=parse_datetime(reason.get("indexedAt")),
        fetched_at=fetched_at,
    )


def _thread(node: Any) -> Iterator[dict[str, Any]]:
    """The posts of a thread view: its parents up the chain, the post, and every reply down the tree."""
    if not isinstance(node, dict) or "post" not in node:
        return
    parent = node.get("parent")
    while isinstance(parent, dict) and "post" in parent:
        yield parent["post"]
        parent = parent.get("parent")
    yield node["post"]
    for reply in node.get("replies") or []:
        yield from _thread(reply)


def to_author(profile: dict[str, Any], fetched_at: datetime) -> Author:
    handle = profile["handle"].lower()
    return Author(
        id=Author.make_id(PLATFORM, handle),
        platform=PLATFORM,
        handle=handle,
        display_name=profile.get("displayName") or None,
        profile_url=f"https://bsky.app/profile/{profile['did']}",
        followers=profile.get("followersCount"),
        following=profile.get("followsCount"),
        post_count=profile.get("postsCount"),
        bio=profile.get("description") or None,
        verified=(profile.get("verification") or {}).get("verifiedStatus") == "valid",
        fetched_at=fetched_at,
    )


def _quoted_uri(embed: dict[str, Any] | None) -> str | None:
    if not isinstance(embed, dict):
        return None
    kind = embed.get("$type", "")
    if kind == "app.bsky.embed.record":
        return (embed.get("record") or {}).get("uri")
    if kind == "app.bsky.embed.recordWithMedia":
        return ((embed.get("record") or {}).get("record") or {}).get("uri")
    return None


def to_post(view: dict[str, Any], fetched_at: datetime) -> Post:
    record = view["record"]
    text = record["text"]
    author = view["author"]
    links, tags = [], []
    for facet in record.get("facets") or []:
        for feature in facet.get("features") or []:
            kind = feature.get("$type", "")
            if kind.endswith("#link") and feature.get("uri"):
                links.append(feature["uri"])
            elif kind.endswith("#tag") and feature.get("tag"):
                tags.append(feature["tag"].lower())
    reply = record.get("reply") or {}
    parent_uri = (reply.get("parent") or {}).get("uri")
    quoted = _quoted_uri(record.get("embed"))
    rkey = view["uri"].rsplit("/", 1)[-1]
    langs = record.get("langs") or []
    return Post(
        id=post_id(view["uri"]),
        platform=PLATFORM,
        url=f"https://bsky.app/profile/{author['handle']}/post/{rkey}",
        kind="reply" if parent_uri else "post",
        author_id=Author.make_id(PLATFORM, author["handle"].lower()),
        published_at=parse_datetime(record.get("createdAt") or view.get("indexedAt")),
        fetched_at=fetched_at,
        lang=langs[0].split("-")[0].lower() if langs else None,
        text=text if text.strip() else " ".join(i.get("alt", "") for i in ((record.get("embed") or {}).get("images") or [])).strip() or text,
        parent_id=post_id(parent_uri) if parent_uri and f"/{POST_COLLECTION}/" in parent_uri else None,
        quote_id=post_id(quoted) if quoted and f"/{POST_COLLECTION}/" in quoted else None,
        hashtags=tuple(dict.fromkeys(tags)) or hashtags(text),
        # Mention facets name DIDs; the handles written in the text are what people read and search.
        mentions=handles(text),
        links=tuple(dict.fromkeys(links)),
        metrics={"replies": view.get("replyCount") or 0, "shares": view.get("repostCount") or 0, "likes": view.get("likeCount") or 0, "quotes": view.get("quoteCount") or 0},
        raw=view,  # the whole post view as the AppView sent it
    )
