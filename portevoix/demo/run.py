"""`portevoix demo`: the main job, end to end, against the local demo site."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from graph.export import build_shortlist, export_shortlist
from index import open_store
from portevoix.demo.site import DemoSite, write_demo_watch
from portevoix.jobs import Say, run_watch
from portevoix.settings import Settings
from portevoix.watch import load_watch


def run_demo(settings: Settings, say: Say = lambda _: None) -> str:
    """Serve the demo site, crawl it, analyse, rank, export the shortlist; returns a printable summary."""
    data_dir = Path(settings.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    # The demo site is on 127.0.0.1: allow it for this run only.
    settings = settings.with_values(allow_private_addresses=True)
    with DemoSite() as site:
        say(f"demo site on {site.base_url}")
        watch = load_watch(write_demo_watch(data_dir / "demo-watch.toml", site.base_url))
        runs = run_watch(watch, settings, say)
    exports = data_dir / "exports"
    store = open_store(settings)
    try:
        for suffix in ("csv", "xlsx"):
            export_shortlist(store, watch, "ambassador", exports / f"ambassadors.{suffix}")
        rows = build_shortlist(store, watch, "ambassador").rows
        mentions = Counter(m.brand_id for m in store.load_mentions(watch.name))
        posts = store.count_posts()
    finally:
        store.close()
    names = {b.id: b.name for b in watch.brands}
    top = sorted(rows, key=lambda r: -r["score"])[:5]
    lines = [
        "Porte-voix demo (invented posts on a local site; brand names are real, nothing else is)",
        f"  posts stored: {posts} (this crawl: {runs['crawl'].counts.get('posts_inserted', 0)} new, errors: {runs['crawl'].errors or 'none'})",
        "  mentions per brand: " + ", ".join(f"{names.get(b, b)} {n}" for b, n in mentions.most_common()),
        "  top five ambassadors:",
        *[f"    {i}. {r['display_name'] or r['handle']} for {r['brand']} (score {r['score']:.3f}, {r['posts']} posts)" for i, r in enumerate(top, start=1)],
        f"  shortlist: {exports / 'ambassadors.csv'} and {exports / 'ambassadors.xlsx'}",
        f"  watch file: {data_dir / 'demo-watch.toml'}",
    ]
    return "\n".join(lines)
