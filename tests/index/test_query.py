import pytest

from index.query import MAX_CLAUSES, And, MatchAll, Not, Or, Phrase, Term, parse_query, positive_terms
from portevoix.errors import QueryError


@pytest.mark.parametrize(
    "query, tree",
    [
        ("", MatchAll()),
        ("loreal", Term("loreal")),
        ("loreal recommande", And((Term("loreal"), Term("recommande")))),
        ("a AND b", And((Term("a"), Term("b")))),
        ("a OR b c", Or((Term("a"), And((Term("b"), Term("c")))))),
        ('"must have"', Phrase("must have")),
        ("-pub", Not(Term("pub"))),
        ("NOT pub", Not(Term("pub"))),
        ("anti-age", Term("anti-age")),
        ('("L\'Oréal" OR loreal) -pub', And((Or((Phrase("L'Oréal"), Term("loreal"))), Not(Term("pub"))))),
        ("#lorealparis @nivea", And((Term("#lorealparis"), Term("@nivea")))),
    ],
)
def test_parse(query, tree):
    assert parse_query(query) == tree


@pytest.mark.parametrize(
    "query, message, column",
    [
        ("(loreal OR nivea", "unbalanced parenthesis: '(' is never closed", 1),
        ("loreal OR nivea)", "unbalanced parenthesis: ')' closes nothing", 16),
        ("loreal AND", "expected a term after 'AND'", 11),
        ('say "hello', "unterminated quote", 5),
        ("a OR OR b", "expected a term after 'OR'", 6),
        ('""', "empty phrase", 1),
        ("()", "expected a term", 2),
    ],
)
def test_errors_point_at_the_column(query, message, column):
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert caught.value.column == column
    assert str(caught.value) == f"{message} at column {column}"


def test_limits():
    with pytest.raises(QueryError, match="too long"):
        parse_query("a " * 2000)
    with pytest.raises(QueryError, match="too many terms"):
        parse_query(" ".join(f"t{i}" for i in range(MAX_CLAUSES + 1)))


def test_positive_terms_leave_out_negations():
    assert positive_terms(parse_query('loreal "must have" -pub')) == ["loreal", "must have"]
