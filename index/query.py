"""The search query language (first cut): terms, "phrases", AND, OR, NOT, -term, parentheses.

Implicit AND between terms, as brand teams expect from Boolean listening tools. The
parser returns a small AST that each backend compiles; errors point at a column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portevoix.errors import QueryError

MAX_QUERY_LENGTH = 2000
MAX_CLAUSES = 200


@dataclass(frozen=True)
class Term:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class And:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    item: "Node"


@dataclass(frozen=True)
class MatchAll:
    """An empty query: every post."""


Node = Term | Phrase | And | Or | Not | MatchAll


@dataclass(frozen=True)
class _Token:
    kind: str  # "(", ")", "-", "AND", "OR", "NOT", "PHRASE", "TERM"
    text: str
    column: int


_TOKEN = re.compile(r'\s*(?:(?P<paren>[()])|(?P<quote>")|(?P<minus>-(?=\S))|(?P<word>[^\s()"]+))')


def _tokenize(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(query):
        match = _TOKEN.match(query, position)
        if not match or match.end() == position:
            break
        column = match.start(match.lastgroup) + 1
        if match.group("paren"):
            tokens.append(_Token(match.group("paren"), match.group("paren"), column))
            position = match.end()
        elif match.group("quote"):
            closing = query.find('"', match.end())
            if closing < 0:
                raise QueryError("unterminated quote", column)
            tokens.append(_Token("PHRASE", query[match.end() : closing], column))
            position = closing + 1
        elif match.group("minus") and (not tokens or tokens[-1].kind in {"(", "AND", "OR", "NOT", "-"} or query[match.start("minus") - 1].isspace()):
            tokens.append(_Token("-", "-", column))
            position = match.end()
        else:
            word = match.group("word") or match.group("minus")
            kind = word if word in {"AND", "OR", "NOT"} else "TERM"
            tokens.append(_Token(kind, word, column))
            position = match.end()
    return tokens


class _Parser:
    def __init__(self, query: str):
        self.query = query
        self.tokens = _tokenize(query)
        self.position = 0
        self.clauses = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def end_column(self) -> int:
        return len(self.query) + 1

    def parse(self) -> Node:
        if not self.tokens:
            return MatchAll()
        node = self.parse_or()
        extra = self.peek()
        if extra is not None:
            if extra.kind == ")":
                raise QueryError("unbalanced parenthesis: ')' closes nothing", extra.column)
            raise QueryError(f"unexpected {extra.text!r}", extra.column)
        return node

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            items.append(self.parse_and(after=token))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self, after: _Token | None = None) -> Node:
        items = [self.parse_unary(after)]
        while (token := self.peek()) is not None and token.kind not in {"OR", ")"}:
            if token.kind == "AND":
                self.take()
                items.append(self.parse_unary(after=token))
            else:
                items.append(self.parse_unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self, after: _Token | None = None) -> Node:
        token = self.peek()
        if token is not None and token.kind in {"NOT", "-"}:
            self.take()
            return Not(self.parse_unary(after=token))
        return self.parse_primary(after)

    def parse_primary(self, after: _Token | None) -> Node:
        token = self.peek()
        if token is None or token.kind in {")", "AND", "OR"}:
            column = token.column if token else self.end_column()
            wanted = f"a term after {after.text!r}" if after else "a term"
            raise QueryError(f"expected {wanted}", column)
        self.take()
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise QueryError(f"too many terms (at most {MAX_CLAUSES})", token.column)
        if token.kind == "(":
            node = self.parse_or()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise QueryError("unbalanced parenthesis: '(' is never closed", token.column)
            self.take()
            return node
        if token.kind == "PHRASE":
            if not token.text.strip():
                raise QueryError("empty phrase", token.column)
            return Phrase(token.text)
        return Term(token.text)


def parse_query(query: str) -> Node:
    """The AST of `query`; QueryError says what is wrong and at which column."""
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(f"query too long ({len(query)} characters, at most {MAX_QUERY_LENGTH})")
    return _Parser(query).parse()


def positive_terms(node: Node) -> list[str]:
    """The words a hit must or may contain (not the negated ones), for highlighting."""
    match node:
        case Term(text) | Phrase(text):
            return [text]
        case And(items) | Or(items):
            return [word for item in items for word in positive_terms(item)]
        case _:
            return []
