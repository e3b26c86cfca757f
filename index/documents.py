"""What the search index holds of a post: one document of fields, the same for tantivy and Elasticsearch."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import orjson

from index.analysis import PLAIN_FIELD, RAW_FIELD, text_field_for
from index.cursor import date_key
from nlp.fold import fold

ENGAGEMENT_METRICS = ("likes", "shares", "reposts", "replies", "quotes", "comments", "favourites")


def site_domains(url: str | None) -> list[str]:
    """A URL's host and its parent domains (blog.example.org -> blog.example.org, example.org), without www."""
    match = _HOST.match(url) if url else None
    return list(_domains(match.group(1).lower())) if match else []


_HOST = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]+)")


@lru_cache(maxsize=65_536)
def _domains(host: str) -> tuple[str, ...]:
    host = host.removeprefix("www.")
    if re.fullmatch(r"[\d.]+|\[[0-9a-f:]+\]", host):
        return (host,)
    parts = host.split(".")
    return tuple(".".join(parts[i:]) for i in range(len(parts) - 1)) or (host,)


@lru_cache(maxsize=65_536)
def _author_names(author_id: str) -> tuple[str, ...]:
    handle = author_id.split(":", 1)[-1]
    short = handle.rsplit("/", 1)[-1].split("@")[0]
    return tuple(sorted({author_id.lower(), handle.lower(), short.lower()}))


def author_names(author_id: str | None) -> list[str]:
    """What `author:` matches: the full id, the handle, and its last part (web:blog.fr/marie -> marie)."""
    return list(_author_names(author_id)) if author_id else []


def to_document(post, facets: dict[str, Any]) -> dict[str, Any]:
    """The index document of a post (a Post, or the lighter IndexedPost) with its analysis facets;
    fields without a value are left out. Plain ifs, no helper dicts: a million posts go through here."""
    lang = facets.get("lang") or post.lang
    text = post.full_text
    metrics = post.metrics
    document: dict[str, Any] = {
        "id": post.id,
        text_field_for(lang): text,
        PLAIN_FIELD: text,
        RAW_FIELD: text,
        "platform": post.platform,
        "date_key": date_key(post.id, post.published_at),
        "engagement": sum(metrics[name] for name in ENGAGEMENT_METRICS if name in metrics) if metrics else 0,
    }
    if lang:
        document["lang"] = lang
    if facets.get("sentiment"):
        document["sentiment"] = facets["sentiment"]
    if facets.get("followers") is not None:
        document["followers"] = facets["followers"]
    for name, facet in (("brand", "brands"), ("signal", "signals"), ("talent", "talents")):
        if facets.get(facet):
            document[name] = sorted(facets[facet])
    if post.author_id:
        document["author_id"] = post.author_id
        document["author"] = list(_author_names(post.author_id))
    if post.url:
        document["url"] = post.url
        if sites := site_domains(post.url):
            document["site"] = sites
    if post.published_at:
        document["published_at"] = post.published_at
    if post.rating is not None:
        document["rating"] = post.rating / post.rating_max * 5 if post.rating_max else post.rating
    if post.hashtags:
        document["hashtag"] = [fold(tag) for tag in post.hashtags]
    if post.mentions:
        document["handle"] = [fold(handle) for handle in post.mentions]
    return document


def document_json(document: dict[str, Any]) -> str:
    """A document as the JSON tantivy's `add_json` reads (dates in RFC 3339; stored dates are UTC).
    orjson, because a big sync's reader process spent a fifth of its time in the json module."""
    return orjson.dumps(document, option=orjson.OPT_NAIVE_UTC).decode()
