"""The query language's parser: what each construct means, and errors that say where and what was expected."""

from datetime import UTC, datetime

import pytest

from index.query import (
    MAX_CLAUSES, And, Field, MatchAll, Near, Not, Or, Phrase, Range, Raw, Term, Wildcard, has_near, parse_query, positive_text,
)
from portevoix.errors import QueryError


def day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    "query, tree",
    [
        ("", MatchAll()),
        ("loreal", Term("loreal")),
        ("loreal recommande", And((Term("loreal"), Term("recommande")))),
        ("a AND b", And((Term("a"), Term("b")))),
        ("a OR b c", Or((Term("a"), And((Term("b"), Term("c")))))),
        ("a or b", And((Term("a"), Term("or"), Term("b")))),  # lower-case "or" is a word ("de l'or")
        ('"must have"', Phrase("must have")),
        ('"must have"~3', Phrase("must have", 3)),
        ("-pub", Not(Term("pub"))),
        ("NOT pub", Not(Term("pub"))),
        ("anti-age", Term("anti-age")),
        ("recommand*", Wildcard("recommand*")),
        ("Té?m", Wildcard("te?m")),
        ("raw:Orange", Raw("Orange")),
        ('raw:"Orange Business"', Raw("Orange Business")),
        ("#LorealParis @Nivea", And((Field("hashtag", "lorealparis"), Field("handle", "nivea")))),
        ("#Été", Field("hashtag", "ete")),
        ("author:Camille", Field("author", "camille")),
        ("author:cam*", Field("author", "cam*")),
        ("site:https://www.Example.org/blog", Field("site", "example.org")),
        ("url:*example.org/blog*", Field("url", "*example.org/blog*")),
        ('brand:"L\'Oréal"', Field("brand", "loreal")),
        ("platform:Mastodon lang:FR", And((Field("platform", "mastodon"), Field("lang", "fr")))),
        ("signal:recommendation sentiment:negative", And((Field("signal", "recommendation"), Field("sentiment", "negative")))),
        ("talent:\"Arctic Monkeys\"", Field("talent", "arctic-monkeys")),
        ("rating:>=4", Range("rating", 4.0, None, True, True)),
        ("rating:<3", Range("rating", None, 3.0, True, False)),
        ("rating:5", Range("rating", 5.0, 5.0)),
        ("followers:>1000", Range("followers", 1000, None, False, True)),
        ("followers:[100 TO 1000]", Range("followers", 100, 1000, True, True)),
        ("followers:{100 TO *}", Range("followers", 100, None, False, True)),
        ("date:[2026-01-01 TO 2026-03-31]", Range("date", day("2026-01-01"), day("2026-04-01"), True, False)),
        ("date:2026-03-01", Range("date", day("2026-03-01"), day("2026-03-02"), True, False)),
        ("date:>2026-03-01", Range("date", day("2026-03-02"), None, True, True)),
        ("date:<=2026-03-01", Range("date", None, day("2026-03-02"), True, False)),
        ("apple NEAR/3 love", Near(Term("apple"), Term("love"), 3)),
        ("apple NEAR/3f love", Near(Term("apple"), Term("love"), 3, ordered=True)),
        (
            "(apple OR iphone) NEAR/5 (love OR adore*) -pub",
            And((Near(Or((Term("apple"), Term("iphone"))), Or((Term("love"), Wildcard("adore*"))), 5), Not(Term("pub")))),
        ),
        ('"battery life" NEAR/2 terrible', Near(Phrase("battery life"), Term("terrible"), 2)),
        ("10:30 http://x.org", And((Term("10:30"), Term("http://x.org")))),
    ],
)
def test_parse(query, tree):
    assert parse_query(query) == tree


@pytest.mark.parametrize(
    "query, message, column",
    [
        ("(loreal OR nivea", "unbalanced parenthesis: '(' is never closed", 1),
        ("loreal OR nivea)", "unbalanced parenthesis: ')' closes nothing", 16),
        ("(apple OR iphone) NEAR/5 (love OR", "expected a term after 'OR'", 34),
        ("loreal AND", "expected a term after 'AND'", 11),
        ('say "hello', "unterminated quote", 5),
        ("a OR OR b", "expected a term after 'OR'", 6),
        ('""', "empty phrase", 1),
        ("()", "expected a term", 2),
        ("apple NEAR love", "expected a distance like NEAR/5 or NEAR/5f", 7),
        ("apple NEAR/3", "expected a term after 'NEAR/3'", 13),
        ("a NEAR/3 (b AND c)", "NEAR joins words, phrases and (… OR …) groups of them", 3),
        ("a NEAR/3 b NEAR/3 c", "a NEAR cannot follow another: group with parentheses and use AND", 12),
        ('"a b"~2 NEAR/3 c', "a phrase with ~slop cannot take part in NEAR", 9),
        ("a NEAR/99 b", "NEAR/99 is too far (at most NEAR/50)", 3),
        ('"a b"~', "expected a number after '~'", 7),
        ("autor:camille", "unknown field 'autor' (did you mean author:?)", 1),
        ("brand:", "expected a value after 'brand:'", 7),
        ("rating:>=good", "expected a number for 'rating:', got 'good'", 8),
        ("date:[2026-01-01 TO", "expected ']' to close the range", 6),
        ("date:[2026-01-01 2026-02-01]", "expected a range like date:[LOW TO HIGH]", 6),
        ("date:yesterday", "expected a date like 2026-03-31 for 'date:', got 'yesterday'", 6),
        ("lang:fr*", "'lang:' takes no wildcard", 6),
        ("*", "wildcard '*' is too broad: give at least 2 letters", 1),
        ("a*b*c*d*e*", "wildcard 'a*b*c*d*e*' has too many '*' and '?' (at most 4)", 1),
    ],
)
def test_errors_point_at_the_column(query, message, column):
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert (str(caught.value), caught.value.column) == (f"{message} at column {column}", column)


def test_limits():
    with pytest.raises(QueryError, match="too long"):
        parse_query("a " * 2000)
    with pytest.raises(QueryError, match="too many terms"):
        parse_query(" ".join(f"t{i}" for i in range(MAX_CLAUSES + 1)))


def test_positive_text_leaves_out_negations():
    tree = parse_query('loreal "must have" recomm* -pub NOT spam brand:x')
    assert positive_text(tree) == [Term("loreal"), Phrase("must have"), Wildcard("recomm*")]
    assert has_near(parse_query("a NEAR/2 b")) and not has_near(tree)
