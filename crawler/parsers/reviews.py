"""Web pages carrying schema.org reviews (JSON-LD or microdata, read by extruct) to posts and authors."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterator
from urllib.parse import urljoin

from crawler.parsers.common import WEB_PLATFORM, ParsedPage, handles, hashtags, html_to_text, parse_datetime, web_author, web_post_id
from crawler.parsers.markup import as_list, html_lang, same_site_links, schema_items, schema_text, schema_types, short_lang
from portevoix.models import Post

def parse_review_page(html: str, url: str, fetched_at: datetime, page_lang: str | None = None) -> ParsedPage:
    """The reviews on one page (each a post with its rating and product) and the page's links."""
    items, errors = schema_items(html, url)
    page_lang = page_lang or html_lang(html)
    posts, authors = {}, {}
    for review, product in _reviews(items):
        post, author = _to_post(review, product, url, fetched_at, page_lang)
        if post is None:
            errors.append("review_without_text")
            continue
        posts[post.id] = post
        if author is not None:
            authors[author.id] = author
    return ParsedPage(posts=tuple(posts.values()), authors=tuple(authors.values()), links=same_site_links(html, url), errors=tuple(errors))










def _reviews(items: list[Any], product: dict[str, Any] | None = None) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Every Review in the extracted items, with the thing it reviews, however deeply nested."""
    for item in items:
        if not isinstance(item, dict):
            continue
        types = schema_types(item)
        if "Review" in types:
            reviewed = item.get("itemReviewed")
            yield item, reviewed if isinstance(reviewed, dict) else product
            continue
        owner = item if types - {"WebPage", "ItemList", "ListItem"} else product
        for key, value in item.items():
            if key in {"@context", "@type"}:
                continue
            if key == "@graph" or isinstance(value, (dict, list)):
                yield from _reviews(as_list(value), owner)




def _number(value: Any) -> float | None:
    try:
        return float(str(schema_text(value)).replace(",", "."))
    except (TypeError, ValueError):
        return None


def _to_post(review: dict[str, Any], product: dict[str, Any] | None, page_url: str, fetched_at: datetime, page_lang: str | None):
    body = html_to_text(schema_text(review.get("reviewBody")) or schema_text(review.get("description")) or "")
    if not body:
        return None, None
    author_name = schema_text(review.get("author"))
    author_value = review.get("author")
    author_url = author_value.get("url") if isinstance(author_value, dict) and isinstance(author_value.get("url"), str) else None
    author = web_author(author_name, page_url, urljoin(page_url, author_url) if author_url else None) if author_name else None
    published = parse_datetime(schema_text(review.get("datePublished")))
    rating = review.get("reviewRating") if isinstance(review.get("reviewRating"), dict) else {}
    review_url = review.get("url") if isinstance(review.get("url"), str) else None
    product_name = schema_text(product.get("name")) if product else None
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
        lang=short_lang(schema_text(review.get("inLanguage"))) or page_lang,
        title=schema_text(review.get("name")),
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





