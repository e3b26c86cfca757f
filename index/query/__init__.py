"""The query language brand teams write: one syntax tree, compiled to tantivy and to Elasticsearch."""

from index.query.ast import And, Field, MatchAll, Near, Node, Not, Or, Phrase, Range, Raw, Term, Wildcard, has_near, positive_text, walk
from index.query.parser import MAX_CLAUSES, MAX_QUERY_LENGTH, parse_query

__all__ = [
    "And", "Field", "MatchAll", "Near", "Node", "Not", "Or", "Phrase", "Range", "Raw", "Term", "Wildcard",
    "has_near", "positive_text", "walk", "parse_query", "MAX_CLAUSES", "MAX_QUERY_LENGTH",
]
