"""Web pages carrying schema.org reviews (JSON-LD or microdata, read by extruct) to posts and authors."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterator
from urllib.parse import urljoin, urlsplit

import extruct
import lxml.html

from crawler.parsers.common import WEB_PLATFORM, ParsedPage, handles, hashtags, html_to_text, parse_datetime, web_author, web_post_id
from portevoix.models import Post

def parse_review_page(html: str, url: str, fetched_at: datetime, page_lang: str | None = None) -> ParsedPage:
    """The reviews on one page (each a post with its rating and product) and the page's links."""
    items, errors = _extract(html, url)
    page_lang = page_lang or _html_lang(html)
    posts, authors = {}, {}
    for review, product in _reviews(items):
        post, author = _to_post(review, product, url, fetched_at, page_lang)
        if post is None:
            errors.append("review_without_text")
            continue
        posts[post.id] = post
        if author is not None:
            authors[author.id] = author
    return ParsedPage(posts=tuple(posts.values()), authors=tuple(authors.values()), links=_links(html, url), errors=tuple(errors))


def _extract(html: str, url: str) -> tuple[list[Any], list[str]]:
    """schema.org items in JSON-LD (block by block, so one broken block loses only itself) and microdata."""
    items: list[Any] = []
    errors: list[str] = []
    root = _document(html)
    blocks = root.xpath('//script[@type="application/ld+json"]/text()') if root is not None else []
    for block in blocks:
        try:
            extracted = extruct.extract(f'<script type="application/ld+json">{block}</script>', base_url=url, syntaxes=["json-ld"], uniform=True, errors="strict")
        except Exception:  # extruct raises json, lxml and its own errors alike
            errors.append("jsonld_malformed")
            continue
        items.extend(extracted.get("json-ld", []))
    try:
        items.extend(extruct.extract(html, base_url=url, syntaxes=["microdata"], uniform=True, errors="strict").get("microdata", []))
    except Exception:
        errors.append("microdata_malformed")
    return items, errors


def _document(html: str):
    if not html or not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html.encode("utf-8"))
    except (ValueError, lxml.etree.ParserError):
        return None


def _types(item: dict[str, Any]) -> set[str]:
    value = item.get("@type", ())
    names = [value] if isinstance(value, str) else list(value)
    return {name.rsplit("/", 1)[-1] for name in names if isinstance(name, str)}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _reviews(items: list[Any], product: dict[str, Any] | None = None) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Every Review in the extracted items, with the thing it reviews, however deeply nested."""
    for item in items:
        if not isinstance(item, dict):
            continue
        types = _types(item)
        if "Review" in types:
            reviewed = item.get("itemReviewed")
            yield item, reviewed if isinstance(reviewed, dict) else product
            continue
        owner = item if types - {"WebPage", "ItemList", "ListItem"} else product
        for key, value in item.items():
            if key in {"@context", "@type"}:
                continue
            if key == "@graph" or isinstance(value, (dict, list)):
                yield from _reviews(_as_list(value), owner)


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, list):
        value = next((v for v in value if v), None)
        return _text(value)
    return str(value).strip() if value not in (None, "") else None


def _number(value: Any) -> float | None:
    try:
        return float(str(_text(value)).replace(",", "."))
    except (TypeError, ValueError):
        return None


def _to_post(review: dict[str, Any], product: dict[str, Any] | None, page_url: str, fetched_at: datetime, page_lang: str | None):
    body = html_to_text(_text(review.get("reviewBody")) or _text(review.get("description")) or "")
    if not body:
        return None, None
    author_name = _text(review.get("author"))
    author_value = review.get("author")
    author_url = author_value.get("url") if isinstance(author_value, dict) and isinstance(author_value.get("url"), str) else None
    author = web_author(author_name, page_url, urljoin(page_url, author_url) if author_url else None) if author_name else None
    published = parse_datetime(_text(review.get("datePublished")))
    rating = review.get("reviewRating") if isinstance(review.get("reviewRating"), dict) else {}
    review_url = review.get("url") if isinstance(review.get("url"), str) else None
    product_name = _text(product.get("name")) if product else None
    native = [author_name or "", published.isoformat() if published else "", body[:200]]
    post = Post(
        # Reviews rarely have a URL of their own: the page URL plus who said what, when, keeps the id stable.
        id=web_post_id(review_url) if review_url else web_post_id(page_url, *native),
        platform=WEB_PLATFORM,
        url=review_url or page_url,
        kind="review",
        author_id=author.id if author else None,
        published_at=published,
        fetched_at=fetched_at,
        lang=_short_lang(_text(review.get("inLanguage"))) or page_lang,
        title=_text(review.get("name")),
        text=body,
        hashtags=hashtags(body),
        mentions=handles(body),
        rating=_number(rating.get("ratingValue")),
        rating_max=_number(rating.get("bestRating")) or (5.0 if rating.get("ratingValue") is not None else None),
        product=product_name,
        raw={
            "page_url": page_url,
            "review": review,
            "product": {k: product.get(k) for k in ("name", "brand", "sku", "aggregateRating") if k in product} if product else None,
        },
    )
    return post, author


def _short_lang(value: str | None) -> str | None:
    if not value:
        return None
    code = value.replace("_", "-").split("-")[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


def _html_lang(html: str) -> str | None:
    root = _document(html)
    return _short_lang(root.get("lang")) if root is not None else None


def _links(html: str, base_url: str) -> tuple[str, ...]:
    root = _document(html)
    if root is None:
        return ()
    host = urlsplit(base_url).hostname
    itself = base_url.split("#")[0]
    absolute = (urljoin(base_url, href).split("#")[0] for href in root.xpath("//a/@href"))
    return tuple(dict.fromkeys(link for link in absolute if link != itself and urlsplit(link).hostname == host and urlsplit(link).scheme in {"http", "https"}))
