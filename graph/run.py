"""The rank stage: build the watch's graph from the store, rank every role, save the rankings with their run."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from graph import NAME, VERSION
from graph.build import build_graph
from graph.rank import ROLES, check_roles, rank_graph
from index.store import Store
from portevoix.models import Run, utc_now
from portevoix.watch import Watch


def rank_watch(store: Store, watch: Watch, roles: tuple[str, ...] | str = ROLES, since: datetime | None = None, until: datetime | None = None) -> Run:
    """Rank `roles` (all by default) over the watch's posts within [since, until]; the rankings share the run's id."""
    roles = (roles,) if isinstance(roles, str) else tuple(roles)
    check_roles(roles)
    started = utc_now()
    run = Run(id=Run.make_id("rank", started), watch=watch.name, stage="rank", started_at=started)
    store.save_run(run)
    try:
        graph = build_graph(store, watch, since, until)
        rankings = rank_graph(graph, watch.name, run.id, roles)
        store.save_rankings(rankings)
    except BaseException as error:
        store.save_run(run.model_copy(update={"status": "failed", "finished_at": utc_now(), "message": f"{type(error).__name__}: {error}"}))
        raise
    counts = {"authors": graph.author_count, "interactions": graph.edge_count, "brand_posts": len(graph.mentions.post), "endorsements": len(graph.endorsements.post)}
    counts.update({f"ranked_{role}": n for role, n in sorted(Counter(r.role for r in rankings).items())})
    message = f"{NAME} {VERSION} roles={','.join(roles)}"
    finished = run.model_copy(update={"status": "ok", "finished_at": utc_now(), "counts": counts, "message": message})
    store.save_run(finished)
    return finished
