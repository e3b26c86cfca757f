"""The HTTP API in-process (httpx over ASGI), and the search page in headless Chromium."""

import shutil
import socket
import subprocess
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from portevoix.api import create_app
from portevoix.models import Ranking
from tests.index.test_store_contract import CORPUS, analysis, mention, signal


@pytest.fixture
def loaded_store(store):
    store.save_posts(CORPUS)
    store.save_analyses(
        [
            analysis("web:1", [mention("web:1", "loreal", 26)], [signal("web:1", "recommendation", 0.9), signal("web:1", "sentiment", 0.8, label="positive")]),
            analysis("web:3", [mention("web:3", "nivea", 21)], [signal("web:3", "recommendation", 0.95)], lang="en"),
        ]
    )
    store.save_rankings(
        [Ranking(id="r1", run_id="run-1", watch="contract", role="ambassador", subject_id="loreal", author_id="web:ex/camille", rank=1, score=0.8, parts={"advocacy": 1.0}, evidence_post_ids=("web:1",), component="t", version="1")]
    )
    return store


@pytest.fixture
def client(settings, loaded_store):
    return TestClient(create_app(settings, store=loaded_store))


def test_search(client):
    response = client.get("/api/search", params={"q": "recommande OR recommended"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 2 and {hit["id"] for hit in body["hits"]} == {"web:1", "web:3"}
    assert body["counts"]["brand"] == {"loreal": 1, "nivea": 1}
    filtered = client.get("/api/search", params=[("q", ""), ("brand", "L'Oréal"), ("lang", "fr")]).json()
    assert [hit["id"] for hit in filtered["hits"]] == ["web:1"] and filtered["hits"][0]["brands"] == ["loreal"]


def test_bad_queries_are_400_with_the_column(client):
    response = client.get("/api/search", params={"q": "loreal AND"})
    assert response.status_code == 400
    assert response.json()["detail"] == {"error": "expected a term after 'AND' at column 11", "column": 11}
    assert client.get("/api/search", params={"limit": 0}).status_code == 422


def test_posts_and_rankings(client):
    post = client.get("/api/posts/web:1").json()
    assert post["text"].startswith("Je recommande") and post["published_at"] == "2026-01-01T00:00:00Z"
    assert client.get("/api/posts/web:nope").status_code == 404
    rankings = client.get("/api/rankings", params={"watch": "contract", "brand": "L'Oréal"}).json()
    assert rankings["run_id"] == "run-1" and rankings["rankings"][0]["author_id"] == "web:ex/camille"
    assert client.get("/api/rankings", params={"watch": "other"}).json()["rankings"] == []


def test_openapi_describes_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/search", "/api/rankings", "/api/posts/{post_id}"} <= set(paths)


def test_api_keys(settings, loaded_store):
    guarded = TestClient(create_app(settings.with_values(api_keys="secret-1,secret-2"), store=loaded_store))
    assert guarded.get("/api/search").status_code == 401
    assert guarded.get("/api/search", headers={"X-API-Key": "wrong"}).status_code == 401
    assert guarded.get("/api/search", headers={"X-API-Key": "secret-2"}).status_code == 200
    assert guarded.get("/", params={"key": "secret-1"}).status_code == 200


def test_search_page_renders_results_and_errors(client):
    page = client.get("/", params={"q": "recommande"}).text
    assert "1 post(s)" in page and "Je <mark>recommande</mark> vraiment" in page and 'data-facet="brand"' in page and "timeline" in page
    filtered = client.get("/", params={"q": "", "brand": "nivea"}).text
    assert 'class="chip"' in filtered and "brand: nivea" in filtered
    broken = client.get("/", params={"q": "(oops"}).text
    assert "unbalanced parenthesis" in broken and 'role="alert"' in broken


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed (make test installs it)")
def test_search_page_in_headless_chromium(settings, loaded_store, tmp_path):
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, demo=True, store=loaded_store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/search", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        url = f"http://127.0.0.1:{port}/?q=nivea&sort=date"
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]
        dom = subprocess.run(["chromium", *flags, "--dump-dom", url], capture_output=True, text=True, timeout=60).stdout
        subprocess.run(["chromium", *flags, f"--screenshot={tmp_path / 'page.png'}", "--window-size=1200,800", url], capture_output=True, timeout=60)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert "2 post(s)" in dom  # web:2 and web:3 mention Nivea in their text
    assert "Démo" in dom and 'data-facet="brand"' in dom
    assert dom.index("web:ex/jake") < dom.index("web:ex/ines")  # newest first
    assert (tmp_path / "page.png").stat().st_size > 5000


def test_search_language_highlights_aggregations_and_cursors(client):
    body = client.get("/api/search", params={"q": '"must have" NEAR/3 creams', "interval": "week"}).json()
    assert [hit["id"] for hit in body["hits"]] == ["web:3"]
    assert body["hits"][0]["highlights"] == ["Highly recommend the Nivea <mark>creams</mark>, a <mark>must</mark> <mark>have</mark>"]
    assert body["histogram"] == [{"date": "2025-12-29T00:00:00Z", "posts": 1}]
    assert body["top_authors"]["posts"] == [{"author": "web:ex/jake", "posts": 1, "engagement": 0}]
    first = client.get("/api/search", params={"sort": "date", "limit": 4}).json()
    second = client.get("/api/search", params={"sort": "date", "limit": 4, "cursor": first["next_cursor"]}).json()
    assert len({h["id"] for h in first["hits"] + second["hits"]}) == 6 and second["next_cursor"] is None
    bad = client.get("/api/search", params={"q": "apple NEAR love"})
    assert bad.status_code == 400 and bad.json()["detail"]["column"] == 7
    assert client.get("/api/search", params={"cursor": "garbage"}).status_code == 400
    assert client.get("/api/search", params={"interval": "month"}).status_code == 422
