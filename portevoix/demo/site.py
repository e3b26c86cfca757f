"""Builds the demo site from `data/demo.json` (deterministically) and serves it on 127.0.0.1.

Blogs publish RSS 2.0 or Atom feeds and an Atom comment feed whose entries reply to
articles (RFC 4685 threading); some articles quote others with <blockquote cite>;
shop pages carry schema.org Product reviews in JSON-LD or microdata.
"""

from __future__ import annotations

import json
import random
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path


START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
DAYS = 300
# Post ids hash the URL, port included: a fixed port keeps a second demo run from duplicating the first.
DEMO_PORT = 47821
BANNER = "Démo Porte-voix — invented posts and people for the demo; brand names are real, nothing else is."


def load_demo_data() -> dict:
    return json.loads(resources.files("portevoix.demo").joinpath("data/demo.json").read_text(encoding="utf-8"))


@dataclass
class Article:
    blog: dict
    index: int
    author: str
    lang: str
    brand: str | None
    text: str
    title: str
    published: datetime
    quote_of: "Article | None" = None

    @property
    def path(self) -> str:
        return f"/blogs/{self.blog['slug']}/{self.index:03d}.html"


@dataclass
class Comment:
    article: Article
    number: int
    author: str
    text: str
    published: datetime


def build_site(base_url: str, data: dict | None = None) -> dict[str, tuple[str, bytes]]:
    """Every path of the site mapped to (content type, body); the same data gives the same site."""
    data = data or load_demo_data()
    rng = random.Random(2026)
    articles = _articles(data, rng)
    comments = _comments(data, articles, rng)
    site: dict[str, tuple[str, bytes]] = {"/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /admin/\n")}
    for blog in data["blogs"]:
        own = [a for a in articles if a.blog is blog]
        own_comments = [c for c in comments if c.article.blog is blog]
        feed = _atom_feed(blog, own, base_url) if blog["lang"] == "fr" else _rss_feed(blog, own, base_url)
        site[f"/blogs/{blog['slug']}/feed.xml"] = ("application/xml; charset=utf-8", feed.encode("utf-8"))
        site[f"/blogs/{blog['slug']}/comments.xml"] = ("application/atom+xml; charset=utf-8", _comment_feed(blog, own_comments, base_url).encode("utf-8"))
        for article in own:
            site[article.path] = ("text/html; charset=utf-8", _article_page(article, base_url).encode("utf-8"))
    for page in data["shop"]:
        site[f"/shop/{page['slug']}.html"] = ("text/html; charset=utf-8", _shop_page(page, data, rng).encode("utf-8"))
    site["/shop/"] = ("text/html; charset=utf-8", _shop_index(data).encode("utf-8"))
    site["/"] = ("text/html; charset=utf-8", _home(data).encode("utf-8"))
    return site


def demo_sources(base_url: str, data: dict | None = None) -> list[dict]:
    """The watch's `[[sources]]` for the demo site."""
    data = data or load_demo_data()
    sources = []
    for blog in data["blogs"]:
        sources.append({"type": "rss", "url": f"{base_url}/blogs/{blog['slug']}/feed.xml"})
        sources.append({"type": "rss", "url": f"{base_url}/blogs/{blog['slug']}/comments.xml"})
    sources.append({"type": "reviews", "url": f"{base_url}/shop/", "follow": r"/shop/[a-z0-9-]+\.html$"})
    return sources


def _fill(template: str, data: dict, brand_id: str | None, rng: random.Random, **extra: str) -> str:
    brand = data["brands"][brand_id] if brand_id else None
    values = {"brand": brand["name"], "product": rng.choice(brand["products"]), "tag": brand["tag"], "handle": brand["handle"]} if brand else {}
    return template.format(**values, **extra)


def _pick_kind(style: str, rng: random.Random) -> str:
    weights = {
        "ambassador": {"recommendation": 6, "positive": 3, "neutral": 1},
        "creator": {"deviant": 6, "positive": 2, "recommendation": 1, "neutral": 1},
        "sponsored": {"sponsored": 9, "neutral": 1},
        "mixed": {"positive": 3, "neutral": 3, "negative": 2, "deviant": 1, "recommendation": 2},
        "critic": {"negative": 7, "neutral": 2, "positive": 1},
        "famous": {"famous": 1},
    }[style]
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _articles(data: dict, rng: random.Random) -> list[Article]:
    texts = data["texts"]
    articles: list[Article] = []
    for blog in data["blogs"]:
        lang = blog["lang"]
        step = DAYS // blog["articles"]
        for index in range(blog["articles"]):
            kind = _pick_kind(blog["style"], rng)
            brand = rng.choice(blog["brands"])
            published = START + timedelta(days=index * step + rng.randint(0, max(step - 1, 0)), hours=rng.randint(0, 10))
            if kind == "famous":
                # A famous account names the brand once; its other posts are about the tour.
                template = texts["famous"]["en"][0 if index == 3 else 1 + index % 3]
                brand = brand if index == 3 else None
            elif kind == "deviant":
                brand = rng.choice([b for b in blog["brands"] if b in texts["deviant"]] or list(texts["deviant"]))
                template = rng.choice(texts["deviant"][brand][lang])
            else:
                template = rng.choice(texts[kind][lang])
            text = _fill(template, data, brand, rng)
            title = _title(text)
            articles.append(Article(blog, index + 1, blog["owner"], lang, brand, text, title, published))
    # Some articles quote an earlier article of an ambassador in the same language.
    quotable = [a for a in articles if a.blog["style"] == "ambassador"]
    for article in articles:
        if article.blog["style"] in {"mixed", "ambassador", "creator"} and rng.random() < 0.18:
            sources = [q for q in quotable if q.lang == article.lang and q.blog is not article.blog and q.published < article.published and q.brand]
            if sources:
                source = rng.choice(sources)
                article.quote_of = source
                intro = rng.choice(data["texts"]["quote"][article.lang]).format(owner=source.author, brand=data["brands"][source.brand]["name"])
                article.text = f"{intro}\n{source.text}"
                article.brand = source.brand
    return articles


def _title(text: str) -> str:
    words = text.replace("\n", " ").split()
    return " ".join(words[:7]).rstrip(",:;!.") + ("…" if len(words) > 7 else "")


def _comments(data: dict, articles: list[Article], rng: random.Random) -> list[Comment]:
    comments = []
    for article in articles:
        people = [p for p in data["commenters"][article.lang] if p != article.author]
        for number in range(rng.choice([0, 0, 1, 1, 2, 3])):
            template = rng.choice(data["texts"]["reply"][article.lang])
            brand = article.brand or rng.choice(article.blog["brands"])
            text = _fill(template, data, brand, rng)
            comments.append(Comment(article, number + 1, rng.choice(people), text, article.published + timedelta(hours=rng.randint(1, 72))))
    return comments


def _html_body(text: str, base_url: str, quote_of: Article | None) -> str:
    lines = text.split("\n")
    if quote_of is None:
        return "".join(f"<p>{escape(line)}</p>" for line in lines)
    return f'<p>{escape(lines[0])}</p><blockquote cite="{base_url}{quote_of.path}"><p>{escape(" ".join(lines[1:]))}</p></blockquote>'


def _atom_feed(blog: dict, articles: list[Article], base_url: str) -> str:
    home = f"{base_url}/blogs/{blog['slug']}/"
    entries = "".join(
        f"""
  <entry>
    <id>{base_url}{a.path}</id>
    <title>{escape(a.title)}</title>
    <link rel="alternate" href="{base_url}{a.path}"/>
    <author><name>{escape(a.author)}</name><uri>{home}</uri></author>
    <published>{a.published.isoformat()}</published>
    <updated>{a.published.isoformat()}</updated>
    <content type="html">{escape(_html_body(a.text, base_url, a.quote_of))}</content>
  </entry>"""
        for a in articles
    )
    updated = max(a.published for a in articles).isoformat()
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{blog['lang']}">
  <title>{escape(blog['title'])}</title>
  <subtitle>{escape(BANNER)}</subtitle>
  <link rel="alternate" href="{home}"/>
  <id>{home}</id>
  <updated>{updated}</updated>{entries}
</feed>
"""


def _rss_feed(blog: dict, articles: list[Article], base_url: str) -> str:
    home = f"{base_url}/blogs/{blog['slug']}/"
    items = "".join(
        f"""
    <item>
      <title>{escape(a.title)}</title>
      <link>{base_url}{a.path}</link>
      <guid>{base_url}{a.path}</guid>
      <dc:creator>{escape(a.author)}</dc:creator>
      <pubDate>{format_datetime(a.published)}</pubDate>
      <description>{escape(_html_body(a.text, base_url, a.quote_of))}</description>
    </item>"""
        for a in articles
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>{escape(blog['title'])}</title>
    <link>{home}</link>
    <description>{escape(BANNER)}</description>
    <language>{blog['lang']}</language>{items}
  </channel>
</rss>
"""


def _comment_feed(blog: dict, comments: list[Comment], base_url: str) -> str:
    home = f"{base_url}/blogs/{blog['slug']}/"
    entries = "".join(
        f"""
  <entry>
    <id>{base_url}{c.article.path}#comment-{c.number}</id>
    <title>{escape(c.author)} : {escape(c.article.title)}</title>
    <link rel="alternate" href="{base_url}{c.article.path}?comment={c.number}"/>
    <author><name>{escape(c.author)}</name></author>
    <thr:in-reply-to ref="{base_url}{c.article.path}" href="{base_url}{c.article.path}"/>
    <published>{c.published.isoformat()}</published>
    <updated>{c.published.isoformat()}</updated>
    <content type="html">{escape(f"<p>{escape(c.text)}</p>")}</content>
  </entry>"""
        for c in comments
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0" xml:lang="{blog['lang']}">
  <title>Commentaires — {escape(blog['title'])}</title>
  <id>{home}comments</id>
  <updated>{START.isoformat()}</updated>{entries}
</feed>
"""


def _article_page(article: Article, base_url: str) -> str:
    return _page(article.title, article.lang, f"<article><h1>{escape(article.title)}</h1><p>par {escape(article.author)}</p>{_html_body(article.text, base_url, article.quote_of)}</article>")


def _reviews_for(page: dict, data: dict, rng: random.Random) -> list[dict]:
    lang = page["lang"]
    reviews = []
    for number in range(8):
        rating = rng.choices([5, 4, 3, 2, 1], weights=[5, 3, 1, 1, 1])[0]
        text = rng.choice(data["texts"]["review"][lang][str(rating)])
        author = rng.choice(data["reviewers"][lang])
        day = START + timedelta(days=rng.randint(0, DAYS), hours=rng.randint(0, 23))
        reviews.append({"author": author, "rating": rating, "text": text, "date": day.date().isoformat(), "title": _title(text)})
    # Our two ambassadors review their brand too, so their reviews join their blog posts.
    if page["brand"] == "loreal":
        reviews.append({"author": "Camille Martin", "rating": 5, "text": f"Je recommande le {page['product']}, à tester absolument !", "date": "2026-06-14", "title": "Mon indispensable"})
    if page["brand"] == "decathlon" and lang == "en":
        reviews.append({"author": "Jake Thompson", "rating": 5, "text": f"Highly recommend the {page['product']}, my go-to for trail running.", "date": "2026-07-02", "title": "Best value"})
    return reviews


def _shop_page(page: dict, data: dict, rng: random.Random) -> str:
    brand = data["brands"][page["brand"]]["name"]
    reviews = _reviews_for(page, data, rng)
    average = round(sum(r["rating"] for r in reviews) / len(reviews), 1)
    if page["format"] == "json-ld":
        product = {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": page["product"],
            "brand": {"@type": "Brand", "name": brand},
            "aggregateRating": {"@type": "AggregateRating", "ratingValue": average, "reviewCount": len(reviews)},
            "review": [
                {
                    "@type": "Review",
                    "author": {"@type": "Person", "name": r["author"]},
                    "datePublished": r["date"],
                    "name": r["title"],
                    "reviewBody": r["text"],
                    "reviewRating": {"@type": "Rating", "ratingValue": r["rating"], "bestRating": 5},
                }
                for r in reviews
            ],
        }
        body = f'<script type="application/ld+json">{json.dumps(product, ensure_ascii=False)}</script><h1>{escape(page["product"])}</h1>'
        body += "".join(f"<div class=review><b>{escape(r['author'])}</b> {r['rating']}/5 — {escape(r['text'])}</div>" for r in reviews)
    else:
        items = "".join(
            f"""<div itemprop="review" itemscope itemtype="https://schema.org/Review">
  <span itemprop="name">{escape(r['title'])}</span> par <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">{escape(r['author'])}</span></span>
  <meta itemprop="datePublished" content="{r['date']}">
  <div itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating"><span itemprop="ratingValue">{r['rating']}</span>/<span itemprop="bestRating">5</span></div>
  <p itemprop="reviewBody">{escape(r['text'])}</p>
</div>"""
            for r in reviews
        )
        body = f"""<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">{escape(page['product'])}</h1>
<div itemprop="brand" itemscope itemtype="https://schema.org/Brand"><span itemprop="name">{escape(brand)}</span></div>
<div itemprop="aggregateRating" itemscope itemtype="https://schema.org/AggregateRating"><span itemprop="ratingValue">{average}</span> ({len(reviews)} avis, <span itemprop="reviewCount">{len(reviews)}</span>)</div>
{items}</div>"""
    return _page(page["product"], page["lang"], body)


def _shop_index(data: dict) -> str:
    links = "".join(f'<li><a href="/shop/{p["slug"]}.html">{escape(p["product"])}</a></li>' for p in data["shop"])
    return _page("Boutique démo", "fr", f"<h1>Boutique démo</h1><ul>{links}</ul><p><a href='/admin/'>admin</a></p>")


def _home(data: dict) -> str:
    blogs = "".join(f'<li><a href="/blogs/{b["slug"]}/feed.xml">{escape(b["title"])}</a></li>' for b in data["blogs"])
    return _page("Porte-voix demo", "fr", f"<h1>Porte-voix demo site</h1><ul>{blogs}<li><a href='/shop/'>Boutique</a></li></ul>")


def _page(title: str, lang: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title></head>
<body><p class="demo-banner"><em>{escape(BANNER)}</em></p>
{body}</body></html>
"""


class DemoSite:
    """The demo site served from a thread on 127.0.0.1, on DEMO_PORT when it is free."""

    def __init__(self, host: str = "127.0.0.1", port: int = DEMO_PORT, data: dict | None = None):
        try:
            self.server = ThreadingHTTPServer((host, port), _Handler)
        except OSError:  # the port is taken (another demo?): any free one will do
            self.server = ThreadingHTTPServer((host, 0), _Handler)
        self.base_url = f"http://{host}:{self.server.server_address[1]}"
        self.server.site = build_site(self.base_url, data)  # type: ignore[attr-defined]
        self.requests: list[str] = []
        self.server.requests = self.requests  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, name="demo-site", daemon=True)

    def __enter__(self) -> "DemoSite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        page = self.server.site.get(path)  # type: ignore[attr-defined]
        if page is None:
            self.send_error(404)
            return
        content_type, body = page
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def write_demo_watch(path: Path, base_url: str, name: str = "demo") -> Path:
    """Write the demo's watch file (the example watch's brands, the demo site's sources)."""
    data = load_demo_data()
    lines = [f'name = "{name}"', 'languages = ["fr", "en"]', ""]
    for brand in data["brands"].values():
        lines += ["[[brands]]", f"name = {json.dumps(brand['name'], ensure_ascii=False)}", f"aliases = {json.dumps(brand['aliases'], ensure_ascii=False)}", ""]
    for source in demo_sources(base_url, data):
        lines += ["[[sources]]"] + [f"{key} = {json.dumps(value)}" for key, value in source.items()] + [""]
    lines += ["[schedule]", 'every = "6h"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
