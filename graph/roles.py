"""Consumer roles, as labels on the authors of a brand's posts, each with a confidence and its posts.

The roles come from the consumer-role literature the brand teams work with (client-ambassadeur,
-créateur, -prescripteur, -contributeur, lead user, expert). Ambassadors and prescribers are their
own rankings (graph/ambassadors.py, graph/prescribers.py); this module labels the others from the
author's posts about the brand:
  creator      deviant uses found by the analysis, DIY, mods, customisation, co-creation
  contributor  reviews, ratings and detailed feedback (posts of DETAILED_CHARS or more)
  lead_user    needs ahead of the market ("il manque", "I wish it had") and home-made solutions
  expert       repeated, knowledgeable use: EXPERT_MIN_POSTS posts or more, with experience, numbers
               and units, versions and comparisons, or long explanations
A role's confidence grows with its evidence posts n as 1 - exp(-n / 2): 0.39 for one post, 0.63 for
two, 0.92 for five. The posts that justify a label are its evidence, best first.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

import numpy as np

from graph.build import WatchGraph
from graph.scored import Scored

ROLES = ("creator", "contributor", "lead_user", "expert")
DEVIANT = 0.5
DETAILED_CHARS = 500
EXPERT_MIN_POSTS = 3
EXPERT_LONG_CHARS = 280
EVIDENCE_POSTS = 5

_FLAGS = re.IGNORECASE | re.UNICODE
CREATOR = re.compile(
    r"\b(diy|do it yourself|fait[s]? (maison|main)|bricol\w*|custom\w*|personnalis\w*|upcycl\w*|d[ée]tourn\w*|"
    r"hack(s|ed|é|ée)?|ikea ?hack|mod(s|ded|ding|d[ée])\b|tuto(riel)?s?|tutorial|j'ai (fabriqué|transformé|recyclé)|"
    r"i (made|turned|converted|repurposed)|repurpos\w*)",
    _FLAGS,
)
LEAD_USER = re.compile(
    r"(j'aimerais (que|qu'|bien)|il (manque|manquerait)|ce serait (top|génial|bien|parfait) (que|si|d')|si seulement|"
    r"je rêve d'une?|quand (est-ce qu'ils|vont-ils)|feature request|i wish (it|they|there)|would be (great|nice|awesome|perfect) if|"
    r"they should (add|make)|i'?d love (a|an|to see)|j'ai (fabriqué|bricolé|conçu|imprimé|modifié|codé)|"
    r"i (built|designed|printed|modified|coded|wrote) (my own|a custom|a script)|prototype|workaround|contournement|"
    r"en attendant (qu'ils|mieux))",
    _FLAGS,
)
EXPERT = re.compile(
    r"(depuis \d+ ans|\d+ ans d'utilisation|for \d+ years|years of (using|experience)|"
    r"\b\d+(?:[.,]\d+)? ?(mm|cm|ml|mah|w|v|go|gb|hz|°c|kg|g)\b|compar[ée]+ (à|au|aux)|compared (to|with)|"
    r"\bversion \d|firmware|spécifications?|\bspecs?\b|fiche technique|la différence entre|the difference between)",
    _FLAGS,
)


def confidence(evidence_posts: int) -> float:
    return 1.0 - math.exp(-evidence_posts / 2.0)


def label_roles(graph: WatchGraph) -> dict[str, list[Scored]]:
    """For each consumer role, the labelled authors of every brand (subject), most confident first."""
    m = graph.mentions
    # (role, brand, author) -> [(strength, post index)]
    evidence: dict[tuple[str, int, int], list[tuple[float, int]]] = defaultdict(list)
    brand_posts: dict[tuple[int, int], list[int]] = defaultdict(list)
    times: dict[tuple[int, int], list[float]] = defaultdict(list)
    for row in range(len(m.post)):
        brand, author, post_index = int(m.subject[row]), int(m.author[row]), int(m.post[row])
        post = graph.posts.get(graph.post_ids[post_index])
        text = post.full_text if post is not None else ""
        brand_posts[brand, author].append(post_index)
        times[brand, author].append(float(m.time[row]))
        if m.deviant[row] >= DEVIANT or CREATOR.search(text):
            evidence["creator", brand, author].append((max(float(m.deviant[row]), 0.5), post_index))
        if post is not None and (post.kind == "review" or post.rating is not None or len(text) >= DETAILED_CHARS):
            evidence["contributor", brand, author].append((min(len(text) / DETAILED_CHARS, 2.0), post_index))
        if LEAD_USER.search(text):
            evidence["lead_user", brand, author].append((1.0, post_index))
        if EXPERT.search(text) or len(text) >= EXPERT_LONG_CHARS:
            evidence["expert", brand, author].append((len(EXPERT.findall(text)) + len(text) / 1000, post_index))

    labels: dict[str, list[Scored]] = {role: [] for role in ROLES}
    for (role, brand, author), found in evidence.items():
        if role == "expert" and len(brand_posts[brand, author]) < EXPERT_MIN_POSTS:
            continue
        best = sorted(found, key=lambda sp: (-sp[0], sp[1]))
        dated = [t for t in times[brand, author] if not math.isnan(t)]
        labels[role].append(
            Scored(
                subject_id=graph.brand_ids[brand],
                ranked_id=graph.author_ids[author],
                score=confidence(len(found)),
                parts={"confidence": confidence(len(found)), "evidence_posts": float(len(found)), "brand_posts": float(len(brand_posts[brand, author]))},
                evidence=[graph.post_ids[p] for _, p in best[:EVIDENCE_POSTS]],
                post_count=len(found),
                first_seen=min(dated, default=np.nan),
                last_seen=max(dated, default=np.nan),
            )
        )
    return labels
