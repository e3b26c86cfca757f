"""Why an author ranks where they do: every ranking they appear in, each part of the score with what
it measures and what it contributes, and the posts behind it."""

from __future__ import annotations

from graph import ambassadors, prescribers, talents
from graph.rank import ROLES
from index.store import Store
from portevoix.errors import PortevoixError
from portevoix.models import Ranking
from portevoix.watch import Watch

MEANINGS = {
    "advocacy": "recommendations and positive mentions, weighted by confidence, each further post counting less",
    "consistency": "distinct weeks with a post about the brand",
    "reach": "followers and engagement, as percentiles within the platform",
    "centrality": "PageRank in the interaction graph, personalised on the brand's advocates",
    "negativity": "complaints and negative sentiment (subtracted)",
    "authenticity": "1 - share of sponsored or promotional posts, times 1 - share of posts in bursts",
    "partner": "1 when most brand posts are sponsored or promotional: a partner, not an ambassador",
    "early_growth": "how early the author endorsed talents, times how much they grew afterwards",
    "trendsetting": "neighbours who endorsed the same talents after the author",
    "talents": "talents the author was among the first fans of",
    "acceleration": "new fans in the last 30 days against the 30 before",
    "backing": "prescriber scores of the fans who endorsed it recently",
    "recent": "fans in the last 30 days",
    "previous": "fans in the 30 days before",
    "confidence": "1 - exp(-evidence posts / 2)",
    "evidence_posts": "posts that show the role",
    "brand_posts": "posts about the brand",
}
WEIGHTS = {"ambassador": ambassadors.WEIGHTS | {"negativity": -ambassadors.NEGATIVITY_WEIGHT}, "talent": talents.WEIGHTS}


def explain_author(store: Store, watch: Watch, who: str) -> list[str]:
    """Lines that explain every ranking of `who` (an author id `platform:handle`, or a handle) in the latest runs."""
    found: list[Ranking] = []
    for role in ROLES:
        found.extend(r for r in store.load_rankings(watch.name, role) if _is(r, who))
    if not found:
        raise PortevoixError(f"{who!r} is in no ranking of watch {watch.name!r} (give `platform:handle` or a handle; run `portevoix rank` first)")
    names = watch.display_names | {prescribers.ALL_TALENTS: "all talents"}
    author = store.load_authors([found[0].author_id]).get(found[0].author_id)
    lines = [f"{found[0].author_id}" + (f" ({author.display_name}, {author.followers or 0} followers)" if author else "")]
    posts = store.load_posts({pid for r in found for pid in r.evidence_post_ids})
    for ranking in sorted(found, key=lambda r: (ROLES.index(r.role), r.rank)):
        subject = names.get(ranking.subject_id, ranking.subject_id)
        seen = " to ".join(d.date().isoformat() for d in (ranking.first_seen, ranking.last_seen) if d)
        community = f", community {ranking.community}" if ranking.community is not None else ""
        lines.append(f"\n{ranking.role} of {subject}: #{ranking.rank}, score {ranking.score:.3f} ({ranking.post_count} posts{', ' + seen if seen else ''}{community})")
        weights = WEIGHTS.get(ranking.role, {})
        for name, value in ranking.parts.items():
            share = f"  x {weights[name]:+.2f} = {weights[name] * value:+.3f}" if name in weights else ""
            lines.append(f"  {name:<14} {value:7.3f}{share}   {MEANINGS.get(name, '')}")
        for post_id in ranking.evidence_post_ids:
            post = posts.get(post_id)
            excerpt = " ".join(post.text.split())[:100] if post else ""
            lines.append(f"  - {post.url if post and post.url else post_id}  {excerpt}")
        lines.append(f"  run {ranking.run_id}, {ranking.component} {ranking.version}")
    return lines


def _is(ranking: Ranking, who: str) -> bool:
    if ":" in who:
        return ranking.author_id == who.lower() or ranking.author_id == who
    return ranking.author_id.split(":", 1)[-1] == who.lower().lstrip("@")
