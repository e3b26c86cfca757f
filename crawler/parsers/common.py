"""What every parser needs: canonical URLs and ids, HTML to text, hashtags, @mentions and links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml.etree import ParserError
from w3lib.url import canonicalize_url

from portevoix.models import Author, Post, Relation, slugify, stable_hash

WEB_PLATFORM = "web"
_HASHTAG = re.compile(r"(?<![\w&#/])#(\w*[^\W\d_]\w*)")
_HANDLE = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?(?:@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?)")
_BLOCK_TAGS = {"p", "div", "br", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}


@dataclass(frozen=True)
class ParsedPage:
    """The records one response yields, and the links a spider may follow."""

    posts: tuple[Post, ...] = ()
    authors: tuple[Author, ...] = ()
    relations: tuple[Relation, ...] = ()  # reposts and boosts: interactions without words of their own
    links: tuple[str, ...] = ()
    errors: tuple[str, ...] = field(default=())  # short codes of what could not be read


_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid)$")


def canonical_url(url: str, keep_fragment: bool = False) -> str:
    """`url` with sorted query, no tracking parameters (utm_*, fbclid, ...) and, unless asked, no fragment."""
    parts = urlsplit(url)
    query = "&".join(pair for pair in parts.query.split("&") if pair and not _TRACKING.match(pair.split("=", 1)[0]))
    return canonicalize_url(parts._replace(query=query).geturl(), keep_fragments=keep_fragment)


def web_post_id(url: str, *extra: str) -> str:
    """The id of a web post: a hash of its canonical URL (and of `extra` when several share a URL).

    The fragment is kept: comments are often `article#comment-7`, and must not take the article's id.
    """
    return Post.make_id(WEB_PLATFORM, stable_hash(canonical_url(url, keep_fragment=True), *extra))


def web_author(name: str, site_url: str, profile_url: str | None = None) -> Author:
    """A web author, scoped to the site they write on (`web:blog.example.org/marie-dupont`)."""
    host = urlsplit(site_url).hostname or "unknown"
    handle = f"{host}/{slugify(name) or stable_hash(name, length=8)}"
    return Author(id=Author.make_id(WEB_PLATFORM, handle), platform=WEB_PLATFORM, handle=handle, display_name=name.strip(), profile_url=profile_url)


def html_to_text(html: str) -> str:
    """The readable text of an HTML fragment, one line per block."""
    if not html or "<" not in html:
        return (html or "").strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", html).strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    text = root.text_content()
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def html_links(html: str, base_url: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Absolute links in an HTML fragment, and the sources its <blockquote cite> quote."""
    if not html or "<" not in html:
        return (), ()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return (), ()
    links = tuple(dict.fromkeys(urljoin(base_url, href) for href in root.xpath("//a/@href") if not href.startswith(("#", "mailto:", "javascript:"))))
    quoted = tuple(dict.fromkeys(urljoin(base_url, cite) for cite in root.xpath("//blockquote/@cite") if cite.strip()))
    return links, quoted


def hashtags(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tag.lower() for tag in _HASHTAG.findall(text)))


def handles(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(handle.lower() for handle in _HANDLE.findall(text)))


def parse_datetime(value: object) -> datetime | None:
    """A schema.org or feed date as UTC, or None when it cannot be read."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    text = str(value).strip()
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
