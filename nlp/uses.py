"""The unexpected uses of a brand: its posts' deviant uses, grouped into themes by sentence embeddings.

Each post the analysis found using a product of the brand for something it was not made for carries the
use itself as a short phrase ("repasser les cols de chemise"). The phrases are embedded and grouped by
average-linkage clustering on cosine distance (phrases closer than 1 - SAME_THEME join); a theme is named
by its most central phrase and comes with its count and example posts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.store import Store
from nlp.encoder import SentenceEncoder
from portevoix.models import Post
from portevoix.watch import Watch

DEVIANT = 0.5
SAME_THEME = 0.55  # cosine similarity from which two uses are the same use
EXAMPLES = 3


@dataclass
class UseTheme:
    name: str
    count: int
    phrases: list[str]
    examples: list[Post]


def unexpected_uses(store: Store, watch: Watch, brand: str, encoder: SentenceEncoder) -> list[UseTheme]:
    """The themes of `brand`'s deviant uses in the store, most frequent first."""
    brand_id = watch.brand(brand).id
    signals = [s for s in store.load_signals(watch.name) if s.kind == "deviant_use" and s.subject_id == brand_id and s.score >= DEVIANT]
    uses = sorted({(s.post_id, (s.label or s.evidence or "").strip()) for s in signals if (s.label or s.evidence)})
    if not uses:
        return []
    phrases = [phrase for _, phrase in uses]
    vectors = encoder.encode(phrases)
    groups = _themes(vectors)
    posts = store.load_posts({post_id for post_id, _ in uses})
    themes = []
    for members in groups:
        centre = vectors[members].mean(axis=0)
        central = max(members, key=lambda i: float(vectors[i] @ centre))
        post_ids = list(dict.fromkeys(uses[i][0] for i in members))
        themes.append(
            UseTheme(
                name=phrases[central],
                count=len(post_ids),
                phrases=sorted({phrases[i] for i in members}),
                examples=[posts[p] for p in post_ids if p in posts][:EXAMPLES],
            )
        )
    return sorted(themes, key=lambda t: (-t.count, t.name))


def _themes(vectors: np.ndarray) -> list[list[int]]:
    if len(vectors) == 1:
        return [[0]]
    from sklearn.cluster import AgglomerativeClustering

    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=1 - SAME_THEME).fit_predict(vectors)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return list(groups.values())
