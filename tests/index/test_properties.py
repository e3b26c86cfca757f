"""Property-based tests: the parser never crashes, queries round-trip, and the embedded backend
agrees with a brute-force evaluation over the corpus (NEAR included: the index answers some NEARs with
its own phrase queries, the others by checking the words of candidate posts; both must mean the same)."""

import re
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.analysis import ANALYZERS, PLAIN_FIELD, RAW_FIELD, text_field_for
from index.query import And, Field, MatchAll, Near, Node, Not, Or, Phrase, Range, Raw, Term, Wildcard, parse_query
from index.store import SearchRequest
from index.documents import author_names, site_domains, to_document
from portevoix.errors import QueryError
from tests.index import search_corpus

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Facets straight from the corpus definition, not from the store.
FACETS = {
    f"web:{pid}": {"brands": set(brands), "signals": set(signals), "sentiment": sentiment, "talents": set(talents), "lang": None}
    for pid, brands, signals, sentiment, talents in search_corpus._ANALYSES
}
FOLLOWERS = {a.id: a.followers for a in search_corpus.AUTHORS}


def _document(post):
    facets = {"brands": set(), "signals": set(), "sentiment": None, "talents": set(), "lang": None, **FACETS.get(post.id, {})}
    facets["followers"] = FOLLOWERS.get(post.author_id)
    return to_document(post, facets)


DOCUMENTS = {post.id: (post, _document(post)) for post in search_corpus.POSTS}


def _contains(tokens: list[str], wanted: list[str]) -> bool:
    return bool(wanted) and any(tokens[i : i + len(wanted)] == wanted for i in range(len(tokens) - len(wanted) + 1))


def _regex(pattern: str) -> re.Pattern:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern))


def _spans(node: Node, text: str, field: str) -> list[tuple[int, int]]:
    """(first, last) word positions where a word, a phrase, a wildcard or an OR of them occurs."""
    if isinstance(node, Or):
        return [span for item in node.items for span in _spans(item, text, field)]
    if isinstance(node, Wildcard):  # the folded field: the same words, at the same positions
        return [(i, i) for i, token in enumerate(ANALYZERS[PLAIN_FIELD].analyze(text)) if _regex(node.pattern).fullmatch(token)]
    tokens = ANALYZERS[field].analyze(text)
    wanted = ANALYZERS[field].analyze(node.text)
    return [(i, i + len(wanted) - 1) for i in range(len(tokens) - len(wanted) + 1) if wanted and tokens[i : i + len(wanted)] == wanted]


def brute_force(node: Node, post, doc) -> bool:
    """What the query means, evaluated word by word on one post (no index involved)."""
    text = post.full_text
    match node:
        case MatchAll():
            return True
        case Term(value) | Phrase(value):
            field = text_field_for(doc.get("lang"))
            return _contains(ANALYZERS[field].analyze(text), ANALYZERS[field].analyze(value))
        case Near(left, right, distance, ordered):
            field = text_field_for(doc.get("lang"))
            pairs = [(a, b) for a in _spans(left, text, field) for b in _spans(right, text, field)]
            return any(
                (a[1] < b[0] and b[0] - a[1] - 1 <= distance) or (not ordered and b[1] < a[0] and a[0] - b[1] - 1 <= distance) for a, b in pairs
            )
        case Wildcard(pattern):
            return any(_regex(pattern).fullmatch(token) for token in ANALYZERS[PLAIN_FIELD].analyze(text))
        case Raw(value):
            return _contains(ANALYZERS[RAW_FIELD].analyze(text), ANALYZERS[RAW_FIELD].analyze(value))
        case Field(name, value):
            values = doc.get(name)
            values = values if isinstance(values, list) else [values] if values is not None else []
            if "*" in value or "?" in value:
                return any(_regex(value).fullmatch(v) for v in values)
            return value in values
        case Range(name, low, high, include_low, include_high):
            value = {"rating": doc.get("rating"), "followers": doc.get("followers"), "date": doc.get("published_at")}[name]
            if value is None:
                return False
            if low is not None and (value < low or (value == low and not include_low)):
                return False
            return high is None or value < high or (value == high and include_high)
        case And(items):
            return all(brute_force(item, post, doc) for item in items)
        case Or(items):
            return any(brute_force(item, post, doc) for item in items)
        case Not(item):
            return not brute_force(item, post, doc)
    raise AssertionError(f"unexpected node {node!r}")


# generating query trees

WORDS = sorted({w for p in search_corpus.POSTS for w in re.findall(r"[^\W_\d]{3,}", p.text)} | {"absent", "Crème", "RECOMMANDÉ", "tente"})
PHRASES = sorted({" ".join(pair) for p in search_corpus.POSTS for pair in zip(p.text.split(), p.text.split()[1:]) if all(re.fullmatch(r"[^\W_\d]+", w) for w in pair)})
KEYWORDS = {
    "brand": ["loreal", "nivea", "apple", "orange", "absent"],
    "lang": ["fr", "en", "de"],
    "platform": ["web", "mastodon"],
    "signal": ["recommendation", "sponsored", "deviant_use"],
    "sentiment": ["positive", "negative", "mixed", "neutral"],
    "talent": ["arctic-monkeys"],
    "hashtag": ["lorealparis", "ete", "ad"],
    "handle": ["lorealparis", "orange"],
    "site": sorted({d for p in search_corpus.POSTS for d in site_domains(p.url)}),
    "author": sorted({n for p in search_corpus.POSTS for n in author_names(p.author_id)} | {"cam*", "*jake*"}),
}

words = st.sampled_from(WORDS).map(Term)
near_sides = st.one_of(words, st.sampled_from(PHRASES).map(Phrase), st.lists(words, min_size=2, max_size=3, unique=True).map(lambda items: Or(tuple(items))))
# Two places of one post, `gap` words apart, each with the word there and the next: NEARs around that gap,
# either way round, between words (answered by the index), phrases and wildcards (checked on the texts).
CLOSE_PLACES = sorted({
    (tuple(tokens[i : i + 2]), tuple(tokens[j : j + 2]), j - i - 1)
    for p in search_corpus.POSTS for tokens in [re.findall(r"[^\W_\d]+", p.text)] for i in range(len(tokens)) for j in range(i + 1, min(i + 7, len(tokens)))
})


def _side(place: tuple[str, ...], kind: int) -> Node:
    if kind == 1 and len(place) == 2:
        return Phrase(" ".join(place))
    if kind == 2 and len(place[0]) >= 3:
        return Wildcard(ANALYZERS[PLAIN_FIELD].analyze(place[0])[0][:3] + "*")
    return Term(place[0])


close_nears = st.sampled_from(CLOSE_PLACES).flatmap(
    lambda found: st.builds(
        lambda distance, ordered, swap, kinds: Near(_side(found[swap], kinds[0]), _side(found[1 - swap], kinds[1]), distance, ordered),
        st.integers(max(0, found[2] - 1), found[2] + 1), st.booleans(), st.integers(0, 1), st.tuples(st.sampled_from([0, 0, 1, 2]), st.sampled_from([0, 0, 1, 2])),
    )
)
leaves = st.one_of(
    words,
    st.builds(Near, near_sides, near_sides, st.integers(0, 4), st.booleans()),
    close_nears,
    st.sampled_from(PHRASES).map(Phrase),
    st.sampled_from(WORDS).map(lambda w: Wildcard(ANALYZERS[PLAIN_FIELD].analyze(w)[0][:3] + "*")),
    st.sampled_from(WORDS).map(Raw),
    st.sampled_from(sorted(KEYWORDS)).flatmap(lambda name: st.sampled_from(KEYWORDS[name]).map(lambda v: Field(name, v))),
    st.builds(lambda low: Range("rating", float(low), None, True, True), st.integers(1, 5)),
    st.builds(lambda low: Range("followers", low, None, False, True), st.sampled_from([0, 3, 50, 120, 1000])),
    st.builds(lambda m, d: Range("date", datetime(2026, m, d, tzinfo=UTC), None, True, True), st.integers(1, 4), st.integers(1, 28)),
)
trees = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, min_size=2, max_size=3).map(lambda items: And(tuple(items))),
        st.lists(children, min_size=2, max_size=3).map(lambda items: Or(tuple(items))),
        children.map(Not),
    ),
    max_leaves=6,
)


def to_text(node: Node) -> str:
    """A query string for a tree (the inverse of the parser on generated trees)."""
    match node:
        case Term(value):
            return value
        case Phrase(value):
            return f'"{value}"'
        case Wildcard(pattern):
            return pattern
        case Raw(value):
            return f"raw:{value}"
        case Field("hashtag", value):
            return f"#{value}"
        case Field("handle", value):
            return f"@{value}"
        case Field(name, value):
            return f"{name}:{value}"
        case Range("date", low, _, _, _):
            return f"date:>={low.isoformat()}"
        case Range("followers", low, _, _, _):
            return f"followers:>{low}"
        case Range(name, low, _, _, _):
            return f"{name}:>={low}"
        case Near(left, right, distance, ordered):
            return f"({to_text(left)} NEAR/{distance}{'f' if ordered else ''} {to_text(right)})"
        case And(items):
            return "(" + " AND ".join(to_text(i) for i in items) + ")"
        case Or(items):
            return "(" + " OR ".join(to_text(i) for i in items) + ")"
        case Not(item):
            return f"NOT {to_text(item)}"
    raise AssertionError(node)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    from index.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path_factory.mktemp("properties"))
    search_corpus.load(store)
    yield store
    store.close()


@PROPERTY_SETTINGS
@given(trees)
def test_generated_queries_round_trip(tree):
    assert parse_query(to_text(tree)) == tree


@PROPERTY_SETTINGS
@given(trees)
def test_embedded_backend_agrees_with_brute_force(corpus_store, tree):
    assert_agrees(corpus_store, tree)


@PROPERTY_SETTINGS
@given(close_nears)
def test_near_agrees_with_brute_force(corpus_store, near):
    assert_agrees(corpus_store, near)


def assert_agrees(store, tree: Node) -> None:
    query = to_text(tree)
    found = {hit.post.id for hit in store.search(SearchRequest(query, limit=100)).hits}
    expected = {post_id for post_id, (post, doc) in DOCUMENTS.items() if brute_force(tree, post, doc)}
    assert found == expected, query


QUERY_ALPHABET = st.sampled_from(list('ab é"()-*?:~/[]{}#@ ') + ["AND ", "OR ", "NOT ", "NEAR/3 ", "NEAR/", "raw:", "date:", "rating:>", "brand:", " TO ", "1", "2026-01-01"])


@PROPERTY_SETTINGS
@given(st.lists(QUERY_ALPHABET, max_size=25).map("".join))
def test_the_parser_never_crashes(text):
    try:
        parse_query(text)
    except QueryError as error:
        assert str(error)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(QUERY_ALPHABET, max_size=15).map("".join))
def test_searching_junk_is_a_query_error_or_an_answer(corpus_store, text):
    try:
        result = corpus_store.search(SearchRequest(text, limit=5))
    except QueryError:
        return
    assert result.total >= len(result.hits)
