"""Property-based tests: the parser never crashes, queries round-trip, and the embedded backend
agrees with a brute-force evaluation over the corpus for every query without NEAR."""

import re
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.analysis import ANALYZERS, PLAIN_FIELD, RAW_FIELD, text_field_for
from index.query import And, Field, MatchAll, Node, Not, Or, Phrase, Range, Raw, Term, Wildcard, parse_query
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


def brute_force(node: Node, post, doc) -> bool:
    """What the query means, evaluated word by word on one post (no index involved)."""
    text = post.full_text
    match node:
        case MatchAll():
            return True
        case Term(value) | Phrase(value):
            field = text_field_for(doc.get("lang"))
            return _contains(ANALYZERS[field].analyze(text), ANALYZERS[field].analyze(value))
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

leaves = st.one_of(
    st.sampled_from(WORDS).map(Term),
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
    query = to_text(tree)
    found = {hit.post.id for hit in corpus_store.search(SearchRequest(query, limit=100)).hits}
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
