"""The HTTP API (FastAPI) and the plain search page brand teams open in a browser."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import datetime
from html import escape
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from index import open_store
from index.store import SearchRequest, SearchResult, Store
from portevoix import __version__
from portevoix.errors import QueryError
from portevoix.models import Post, slugify
from portevoix.settings import Settings


def post_json(post: Post) -> dict[str, Any]:
    data = post.model_dump(mode="json", exclude={"raw"})
    return data


def search_result_json(result: SearchResult) -> dict[str, Any]:
    return {
        "total": result.total,
        "hits": [{**post_json(hit.post), "score": hit.score, "brands": list(hit.brands), "highlights": list(hit.highlights)} for hit in result.hits],
        "counts": result.counts,
        "histogram": [{"date": date, "posts": count} for date, count in result.histogram],
        "top_authors": result.top_authors,
        "significant_terms": list(result.significant_terms),
        "next_cursor": result.next_cursor,
    }


def create_app(settings: Settings, demo: bool = False, store: Store | None = None) -> FastAPI:
    """The app over the store the settings select (or `store`, for tests)."""
    opened = store or open_store(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        opened.close()

    app = FastAPI(title="Porte-voix", version=__version__, description="Search posts about brands, read rankings of ambassadors.", lifespan=lifespan)
    app.state.store = opened
    keys = settings.api_key_set

    def require_key(request: Request) -> None:
        if keys and (request.headers.get("x-api-key") or request.query_params.get("key")) not in keys:
            raise HTTPException(status_code=401, detail="missing or wrong API key (send the X-API-Key header)")

    def build_request(q: str, brand: list[str], lang: list[str], platform: list[str], signal: list[str], since: datetime | None, until: datetime | None, sort: str, limit: int, cursor: str | None = None, interval: str = "day", significant: bool = False) -> SearchRequest:
        return SearchRequest(
            query=q, brands=tuple(slugify(b) for b in brand), langs=tuple(lang), platforms=tuple(platform), signals=tuple(signal),
            since=since, until=until, sort=sort, limit=limit, cursor=cursor or None, interval=interval, significant=significant,
        )

    @app.exception_handler(QueryError)
    async def _bad_query(request: Request, error: QueryError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"detail": {"error": str(error), "column": error.column}})

    @app.get("/api/search", dependencies=[Depends(require_key)])
    def api_search(
        q: str = "",
        brand: Annotated[list[str], Query()] = [],
        lang: Annotated[list[str], Query()] = [],
        platform: Annotated[list[str], Query()] = [],
        signal: Annotated[list[str], Query()] = [],
        since: datetime | None = None,
        until: datetime | None = None,
        sort: Annotated[str, Query(pattern="^(relevance|date)$")] = "relevance",
        limit: Annotated[int, Query(ge=1, le=500)] = 20,
        cursor: str | None = None,
        interval: Annotated[str, Query(pattern="^(hour|day|week)$")] = "day",
        significant: bool = False,
    ) -> dict[str, Any]:
        """Posts matching the query (Boolean, phrases, NEAR, wildcards, fields) and filters, with highlights;
        counts per brand, language, platform, signal and sentiment; a date histogram; top authors by posts and
        by engagement; significant terms when asked. Follow `next_cursor` for the next page."""
        return search_result_json(app.state.store.search(build_request(q, brand, lang, platform, signal, since, until, sort, limit, cursor, interval, significant)))

    @app.get("/api/rankings", dependencies=[Depends(require_key)])
    def api_rankings(watch: str, role: str = "ambassador", brand: str | None = None, limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> dict[str, Any]:
        """The latest ranking of a watch, per brand, with each score's parts and evidence posts."""
        rankings = [r for r in app.state.store.load_rankings(watch, role, slugify(brand) if brand else None) if r.rank <= limit]
        authors = app.state.store.load_authors({r.author_id for r in rankings})
        return {
            "watch": watch,
            "role": role,
            "run_id": rankings[0].run_id if rankings else None,
            "rankings": [
                {**r.model_dump(mode="json"), "author": authors[r.author_id].model_dump(mode="json") if r.author_id in authors else None}
                for r in rankings
            ],
        }

    @app.get("/api/posts/{post_id:path}", dependencies=[Depends(require_key)])
    def api_post(post_id: str) -> dict[str, Any]:
        """One stored post, with its raw payload."""
        post = app.state.store.load_post(post_id)
        if post is None:
            raise HTTPException(status_code=404, detail=f"no post {post_id!r}")
        return post.model_dump(mode="json")

    @app.get("/", response_class=HTMLResponse, dependencies=[Depends(require_key)])
    def search_page(request: Request, q: str = "", brand: str = "", lang: str = "", signal: str = "", sort: str = "relevance", cursor: str = "") -> str:
        """The search page: a query box, filters, counts, a timeline and the matching posts, highlighted."""
        error, result = None, None
        try:
            result = app.state.store.search(
                build_request(q, [brand] if brand else [], [lang] if lang else [], [], [signal] if signal else [], None, None, sort if sort in {"relevance", "date"} else "relevance", 25, cursor, "week")
            )
        except QueryError as problem:
            error = str(problem)
        return _render_page(q, brand, lang, signal, sort, result, error, demo, request.query_params.get("key"))

    return app


def _render_page(q: str, brand: str, lang: str, signal: str, sort: str, result: SearchResult | None, error: str | None, demo: bool, key: str | None) -> str:
    def link(**changes: str) -> str:
        params = {"q": q, "brand": brand, "lang": lang, "signal": signal, "sort": sort, **({"key": key} if key else {}), **changes}
        return "?" + urlencode({k: v for k, v in params.items() if v})

    facets = ""
    if result is not None:
        for name, param in (("brand", "brand"), ("lang", "lang"), ("signal", "signal"), ("sentiment", None), ("platform", None)):
            counts = result.counts.get(name) or {}
            if not counts:
                continue
            items = "".join(
                f'<li><a href="{escape(link(**{param: value}))}">{escape(value)}</a> <span class="n">{count}</span></li>' if param else f"<li>{escape(value)} <span class='n'>{count}</span></li>"
                for value, count in sorted(counts.items(), key=lambda kv: -kv[1])
            )
            facets += f'<section><h3>{name}</h3><ul data-facet="{name}">{items}</ul></section>'
    hits = ""
    if result is not None:
        for hit in result.hits:
            post = hit.post
            when = post.published_at.date().isoformat() if post.published_at else ""
            brands = " ".join(f'<span class="brand">{escape(b)}</span>' for b in hit.brands)
            url = escape(post.url or "")
            hits += (
                f'<article class="hit"><div class="meta">{escape(when)} · {escape(post.author_id or "")} · {escape(post.platform)} {brands}</div>'
                + (f'<p class="hl">{" … ".join(hit.highlights)}</p>' if hit.highlights else f"<p>{escape(post.text[:400])}</p>")
                + (f'<a href="{url}">{url}</a>' if url else "")
                + "</article>"
            )
        if result.next_cursor:
            hits += f'<p><a class="next" href="{escape(link(cursor=result.next_cursor))}">page suivante →</a></p>'
    timeline = ""
    if result is not None and result.histogram:
        peak = max(count for _, count in result.histogram)
        bars = "".join(
            f'<div class="bar" title="semaine du {date[:10]} : {count}" style="height:{max(2, round(60 * count / peak))}px"></div>' for date, count in result.histogram
        )
        timeline = f'<section><h3>par semaine</h3><div class="timeline" data-weeks="{len(result.histogram)}">{bars}</div></section>'
    active = "".join(
        f'<a class="chip" href="{escape(link(**{name: ""}))}" title="retirer ce filtre">{name}: {escape(value)} ✕</a>'
        for name, value in (("brand", brand), ("lang", lang), ("signal", signal))
        if value
    )
    banner = '<p class="demo">Démo : ces posts et ces personnes sont inventés pour la démonstration ; seuls les noms de marques sont réels.</p>' if demo else ""
    status = f'<p class="error" role="alert">{escape(error)}</p>' if error else (f'<p class="total">{result.total} post(s)</p>' if result else "")
    return f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Porte-voix — recherche</title>
<style>
body{{font-family:system-ui,sans-serif;margin:0;color:#222}} header{{background:#1d3557;color:#fff;padding:.8em 1.5em}}
main{{display:flex;gap:2em;padding:1em 1.5em}} aside{{min-width:14em}} ul{{list-style:none;padding:0}} .n{{color:#888}}
.hit{{border-bottom:1px solid #eee;padding:.6em 0}} .meta{{color:#666;font-size:.85em}} .brand{{background:#e9f1fb;border-radius:3px;padding:0 .3em}}
.error{{color:#b00020;font-weight:bold}} .demo{{background:#fff3cd;padding:.5em 1.5em;margin:0}} input[name=q]{{width:28em}} mark{{background:#ffe08a}} .timeline{{display:flex;align-items:flex-end;gap:2px;height:64px}} .bar{{background:#457b9d;width:8px}} .chip{{display:inline-block;background:#1d3557;color:#fff;border-radius:1em;padding:.1em .7em;margin:.5em .3em 0 0;text-decoration:none;font-size:.85em}}
</style></head><body>
<header><strong>Porte-voix</strong> — écoute des marques</header>{banner}
<main><aside>{facets}</aside><div>
<form method="get"><input name="q" value="{escape(q)}" placeholder='("L&#39;Oréal" OR loreal) recommande -pub'>
<input type="hidden" name="brand" value="{escape(brand)}"><input type="hidden" name="lang" value="{escape(lang)}"><input type="hidden" name="signal" value="{escape(signal)}">
{f'<input type="hidden" name="key" value="{escape(key)}">' if key else ""}
<select name="sort"><option value="relevance">pertinence</option><option value="date"{" selected" if sort == "date" else ""}>date</option></select>
<button type="submit">Rechercher</button></form>
<div class="filters">{active}</div>{status}{timeline}{hits}</div></main></body></html>"""
