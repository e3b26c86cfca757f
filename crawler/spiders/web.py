"""Article and blog pages: the main text and its comments, following same-site links that match `follow`."""

from __future__ import annotations

from crawler.parsers.web import parse_article
from crawler.spiders.reviews import ReviewsSpider


class WebSpider(ReviewsSpider):
    """The reviews spider's navigation (conditional GETs, same-site links, a page budget), another parser."""

    name = "web"
    parse_page = staticmethod(parse_article)
