"""Article and blog pages: the main text (trafilatura) as one post, and its comments where the page
marks them up (schema.org Comment in JSON-LD or microdata, or WordPress comment markup)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import lxml.html
import trafilatura
from lxml.etree import ParserError

from crawler.parsers.common import WEB_PLATFORM, ParsedPage, handles, hashtags, html_to_text, parse_datetime, web_author, web_post_id
from crawler.parsers.markup import document, html_lang, same_site_links, schema_items, schema_text, schema_types, short_lang
from portevoix.models import Post


# Below this, what trafilatura finds is a menu or a list of links, not an article.
MIN_ARTICLE_WORDS = 25


def parse_article(html: str, url: str, fetched_at: datetime) -> ParsedPage:
    """The page's article (when it has one) and its comments, plus the same-site links to follow."""
    errors: list[str] = []
    try:
        extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, favor_precision=True)
    except Exception:  # trafilatura surfaces lxml and its own errors alike: the page is unreadable, the crawl goes on
        extracted = None
        errors.append("article_unreadable")
    posts: list[Post] = []
    authors = {}
    lang = html_lang(html) or (short_lang(extracted.language) if extracted is not None and extracted.language else None)
    article_id = web_post_id(url)
    if extracted is not None and len((extracted.text or "").split()) >= MIN_ARTICLE_WORDS:
        title = (extracted.title or "").strip() or None
        text = extracted.text.strip()
        if title and text.startswith(title):
            text = text[len(title) :].strip() or text  # trafilatura repeats the headline as the first line
        author = web_author(extracted.author, url) if extracted.author else None
        if author:
            authors[author.id] = author
        posts.append(
            Post(
                id=article_id, platform=WEB_PLATFORM, url=url, kind="article", author_id=author.id if author else None,
                published_at=parse_datetime(extracted.date), fetched_at=fetched_at, lang=lang, title=title, text=text,
                hashtags=hashtags(text), mentions=handles(text), raw={"sitename": extracted.sitename, "hostname": extracted.hostname},
            )
        )
    comments = _schema_comments(html, url) or _wordpress_comments(html, url)
    for number, comment in enumerate(comments):
        text = comment["text"]
        if not text:
            continue
        author = web_author(comment["author"], url) if comment.get("author") else None
        if author:
            authors.setdefault(author.id, author)
        anchor = comment.get("anchor") or f"comment-{number + 1}"
        parent = comment.get("parent")
        posts.append(
            Post(
                id=web_post_id(f"{url.split('#')[0]}#{anchor}"), platform=WEB_PLATFORM, url=f"{url.split('#')[0]}#{anchor}", kind="comment",
                author_id=author.id if author else None, published_at=parse_datetime(comment.get("published")), fetched_at=fetched_at, lang=lang,
                text=text, parent_id=web_post_id(f"{url.split('#')[0]}#{parent}") if parent else article_id,
                hashtags=hashtags(text), mentions=handles(text),
            )
        )
    return ParsedPage(posts=tuple(posts), authors=tuple(authors.values()), links=same_site_links(html, url), errors=tuple(errors))


def _schema_comments(html: str, url: str) -> list[dict[str, Any]]:
    items, _ = schema_items(html, url)
    found: list[dict[str, Any]] = []

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            if "Comment" in schema_types(node):
                found.append({"text": html_to_text(schema_text(node.get("text")) or ""), "author": schema_text(node.get("author")), "published": schema_text(node.get("dateCreated") or node.get("datePublished")), "anchor": _anchor(node.get("url"))})
            for key, value in node.items():
                if isinstance(value, (dict, list)):
                    visit(value)

    visit(items)
    return found


def _anchor(value: Any) -> str | None:
    return value.split("#", 1)[1] if isinstance(value, str) and "#" in value else None


_COMMENT_ID = re.compile(r"^(?:li-)?(comment-\d+)$")


def _nearest_comment(element) -> str | None:
    found = element.xpath('ancestor::li[contains(concat(" ", normalize-space(@class), " "), " comment ")][1]')
    return found[0].getroottree().getpath(found[0]) if found else None


def _wordpress_comments(html: str, url: str) -> list[dict[str, Any]]:
    """Comments in WordPress markup: li.comment#comment-N with .comment-author .fn, .comment-content, time,
    nested in ol.children under their parent."""
    root = document(html)
    if root is None:
        return []
    found = []
    for item in root.xpath('//li[contains(concat(" ", normalize-space(@class), " "), " comment ")]'):
        anchor = _COMMENT_ID.match(item.get("id") or "")
        own = item.getroottree().getpath(item)
        # This comment's own content, not the content of the replies nested under it.
        content = next((div for div in item.xpath('.//div[contains(@class, "comment-content")]') if _nearest_comment(div) == own), None)
        if content is None:
            continue
        try:
            text = html_to_text(lxml.html.tostring(content, encoding="unicode"))
        except (ParserError, ValueError):
            continue
        names = item.xpath('.//*[contains(@class, "comment-author")]//*[contains(@class, "fn")]')
        times = item.xpath(".//time/@datetime")
        parent = item.xpath('ancestor::li[contains(concat(" ", normalize-space(@class), " "), " comment ")][1]/@id')
        parent_anchor = _COMMENT_ID.match(parent[0]) if parent else None
        found.append({
            "text": text, "author": names[0].text_content().strip() if names else None, "published": times[0] if times else None,
            "anchor": anchor.group(1) if anchor else None, "parent": parent_anchor.group(1) if parent_anchor else None,
        })
    return found
