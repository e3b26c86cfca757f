"""Markup helpers shared by the page parsers: parsing HTML, schema.org items (JSON-LD block by block,
microdata), their types and texts, a page's language and its same-site links."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

import extruct
import lxml.html


def document(html: str):
    if not html or not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html.encode("utf-8"))
    except (ValueError, lxml.etree.ParserError):
        return None
def schema_items(html: str, url: str) -> tuple[list[Any], list[str]]:
    """schema.org items in JSON-LD (block by block, so one broken block loses only itself) and microdata."""
    items: list[Any] = []
    errors: list[str] = []
    root = document(html)
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
def schema_types(item: dict[str, Any]) -> set[str]:
    value = item.get("@type", ())
    names = [value] if isinstance(value, str) else list(value)
    return {name.rsplit("/", 1)[-1] for name in names if isinstance(name, str)}
def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
def schema_text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, list):
        value = next((v for v in value if v), None)
        return schema_text(value)
    return str(value).strip() if value not in (None, "") else None
def short_lang(value: str | None) -> str | None:
    if not value:
        return None
    code = value.replace("_", "-").split("-")[0].lower()
    return code if len(code) == 2 and code.isalpha() else None
def html_lang(html: str) -> str | None:
    root = document(html)
    return short_lang(root.get("lang")) if root is not None else None
def same_site_links(html: str, base_url: str) -> tuple[str, ...]:
    root = document(html)
    if root is None:
        return ()
    host = urlsplit(base_url).hostname
    itself = base_url.split("#")[0]
    absolute = (urljoin(base_url, href).split("#")[0] for href in root.xpath("//a/@href"))
    return tuple(dict.fromkeys(link for link in absolute if link != itself and urlsplit(link).hostname == host and urlsplit(link).scheme in {"http", "https"}))

