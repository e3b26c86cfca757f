"""The rank stage: build the watch's graph from the store, rank, save the rankings with their run."""

from __future__ import annotations

from graph import NAME, VERSION
from graph.build import build_graph
from graph.rank import rank_ambassadors
from index.store import Store
from portevoix.errors import PortevoixError
from portevoix.models import Run, utc_now
from portevoix.watch import Watch

RANKERS = {"ambassador": rank_ambassadors}


def rank_watch(store: Store, watch: Watch, role: str = "ambassador") -> Run:
    """Rank `role` for every brand of the watch; the rankings share the returned run's id."""
    if role not in RANKERS:
        raise PortevoixError(f"unknown role {role!r} (known: {', '.join(RANKERS)})")
    started = utc_now()
    run = Run(id=Run.make_id("rank", started), watch=watch.name, stage="rank", started_at=started)
    store.save_run(run)
    data = build_graph(store, watch)
    rankings = RANKERS[role](data, watch, run.id)
    store.save_rankings(rankings)
    counts = {"authors": len(data.authors), "posts": len(data.posts), "edges": data.graph.number_of_edges(), "rankings": len(rankings)}
    finished = run.model_copy(update={"status": "ok", "finished_at": utc_now(), "counts": counts, "message": f"{NAME} {VERSION} role={role}"})
    store.save_run(finished)
    return finished
