"""Significant terms: the words a set of posts uses much more than the whole index does (JLH score)."""

from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable

from index.analysis import PLAIN_FIELD, analyzed_words

FOREGROUND_POSTS = 500
MIN_FOREGROUND = 3
STOPWORDS = frozenset(
    """a ai au aux avec ce ces cette c ca d dans de des du elle en est et etait il ils j je l la le les leur lui m ma mais me
    meme mes moi mon n ne nos notre nous on ou par pas plus pour qu que qui s sa se ses si son sont sur t ta te tes toi ton tu
    un une vos votre vous y tres bien tout tous aussi fait comme ete avoir etre sans the and for are but not you all any can
    had her was one our out has him his how its may new now old see two way who did get let say she too use that with have
    this will your from they been more when what were them than then into just like also some very would there their about
    which could other http https www com""".split()
)


def query_words(tree) -> set[str]:
    """The words a query asks for: a term is not significant for having been searched."""
    from index.query import Phrase, Term, walk

    return {word for node in walk(tree) if isinstance(node, (Term, Phrase)) for word in analyzed_words(node.text, PLAIN_FIELD) if word}


def significant_terms(
    texts: Iterable[str],
    background_count: Callable[[list[str]], dict[str, int]],
    background_total: int,
    exclude: set[str] = frozenset(),
    size: int = 15,
) -> tuple[dict, ...]:
    """The `size` words most over-represented in `texts` against the index; `background_count` gives doc counts."""
    foreground = Counter()
    total = 0
    for text in texts:
        total += 1
        foreground.update({w for w in analyzed_words(text, PLAIN_FIELD) if w and len(w) > 2 and not w.isdigit() and w not in STOPWORDS and w not in exclude})
    if not total or not background_total:
        return ()
    candidates = [word for word, count in foreground.most_common(200) if count >= MIN_FOREGROUND]
    background = background_count(candidates)
    scored = []
    for word in candidates:
        fg = foreground[word] / total
        bg = max(background.get(word, 0), foreground[word]) / background_total
        if fg > bg:
            scored.append({"term": word, "score": round((fg - bg) * (fg / bg), 4), "foreground": foreground[word], "background": background.get(word, 0)})
    scored.sort(key=lambda item: (-item["score"], item["term"]))
    return tuple(scored[:size])
