"""Parses the query language into its syntax tree, or says where and what it expected.

Grammar, loosest first (words side by side mean AND; operators are upper case, since
"or" is a French word):
    query   := and_ (OR and_)*
    and_    := unary ((AND)? unary)*
    unary   := (NOT | -) unary | near
    near    := primary (NEAR/N[f] primary)?
    primary := ( query ) | "phrase"[~N] | word | word* | #tag | @handle | field:value | raw:word
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from index.query.ast import And, Field, MatchAll, Near, Node, Not, Or, Phrase, Range, Raw, Term, Wildcard
from nlp.fold import fold
from portevoix.errors import QueryError
from portevoix.models import slugify

MAX_QUERY_LENGTH = 2000
MAX_CLAUSES = 200
MAX_NEAR_DISTANCE = 50
MAX_SLOP = 50
MAX_WILDCARDS_PER_WORD = 4

KEYWORD_FIELDS = {"author", "site", "url", "platform", "lang", "brand", "talent", "signal", "sentiment"}
RANGE_FIELDS = {"rating": float, "followers": int, "date": datetime}
FIELDS = KEYWORD_FIELDS | set(RANGE_FIELDS) | {"raw"}
WILDCARD_FIELDS = {"author", "url"}


@dataclass(frozen=True)
class _Token:
    kind: str  # ( ) - AND OR NOT NEAR PHRASE WORD FIELD
    text: str
    column: int
    number: int | None = None  # NEAR distance or phrase slop
    ordered: bool = False
    value: str | None = None  # FIELD value
    value_column: int = 0
    quoted: bool = False


_NEAR = re.compile(r"^NEAR/(\d+)(f?)$")
_WORD_END = set(" \t\r\n()\"")


def _tokenize(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        column = i + 1
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Token(char, char, column))
            i += 1
        elif char == '"':
            text, i = _quoted(query, i)
            slop = None
            match = re.match(r"~(\d+)", query[i:])
            if match:
                slop = int(match.group(1))
                if slop > MAX_SLOP:
                    raise QueryError(f"slop ~{slop} is too large (at most {MAX_SLOP})", i + 1)
                i += match.end()
            elif query[i : i + 1] == "~":
                raise QueryError("expected a number after '~'", i + 2)
            tokens.append(_Token("PHRASE", text, column, number=slop))
        elif char == "-" and i + 1 < n and not query[i + 1].isspace() and (not tokens or i == 0 or query[i - 1].isspace() or query[i - 1] == "("):
            tokens.append(_Token("-", "-", column))
            i += 1
        else:
            start = i
            while i < n and query[i] not in _WORD_END:
                if query[i] == ":" and i + 1 < n and query[i + 1] in "[{" and query[start:i].isalpha():
                    close = "]" if query[i + 1] == "[" else "}"
                    end = query.find(close, i + 1)
                    if end < 0:
                        raise QueryError(f"expected '{close}' to close the range", i + 2)
                    i = end + 1
                    break
                i += 1
            word = query[start:i]
            if word.endswith(":") and i < n and query[i] == '"' and word[:-1].isalpha():
                value_column = i + 1
                value, i = _quoted(query, i)
                tokens.append(_Token("FIELD", word, column, value=value, value_column=value_column, quoted=True))
                continue
            near = _NEAR.match(word)
            if near:
                distance = int(near.group(1))
                if distance > MAX_NEAR_DISTANCE:
                    raise QueryError(f"NEAR/{distance} is too far (at most NEAR/{MAX_NEAR_DISTANCE})", column)
                tokens.append(_Token("NEAR", word, column, number=distance, ordered=bool(near.group(2))))
            elif word.startswith("NEAR"):
                raise QueryError("expected a distance like NEAR/5 or NEAR/5f", column)
            elif word in {"AND", "OR", "NOT"}:
                tokens.append(_Token(word, word, column))
            else:
                tokens.append(_Token("WORD", word, column))
    return tokens


def _quoted(query: str, start: int) -> tuple[str, int]:
    end = query.find('"', start + 1)
    if end < 0:
        raise QueryError("unterminated quote", start + 1)
    return query[start + 1 : end], end + 1


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
        return self.parse_near(after)

    def parse_near(self, after: _Token | None) -> Node:
        left = self.parse_primary(after)
        token = self.peek()
        if token is None or token.kind != "NEAR":
            return left
        self.take()
        right = self.parse_primary(after=token)
        for side, column in ((left, token.column), (right, token.column)):
            _check_near_side(side, column)
        follow = self.peek()
        if follow is not None and follow.kind == "NEAR":
            raise QueryError("a NEAR cannot follow another: group with parentheses and use AND", follow.column)
        return Near(left, right, token.number or 0, token.ordered)

    def parse_primary(self, after: _Token | None) -> Node:
        token = self.peek()
        if token is None or token.kind in {")", "AND", "OR", "NEAR"}:
            column = token.column if token else len(self.query) + 1
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
            return Phrase(token.text, token.number or 0)
        if token.kind == "FIELD":
            return _field(token.text[:-1], token.value or "", token.column, token.value_column, quoted=True)
        return _word(token.text, token.column)


def _check_near_side(node: Node, column: int) -> None:
    match node:
        case Term() | Phrase() | Wildcard():
            if isinstance(node, Phrase) and node.slop:
                raise QueryError("a phrase with ~slop cannot take part in NEAR", column)
        case Or(items):
            for item in items:
                _check_near_side(item, column)
        case _:
            raise QueryError("NEAR joins words, phrases and (… OR …) groups of them", column)


def _word(word: str, column: int) -> Node:
    name, colon, value = word.partition(":")
    if colon and name.isalpha() and not value.startswith("//"):
        if name.lower() not in FIELDS:
            close = difflib.get_close_matches(name.lower(), sorted(FIELDS), n=1)
            hint = f" (did you mean {close[0]}:?)" if close else f" (known: {', '.join(sorted(FIELDS))})"
            raise QueryError(f"unknown field {name!r}{hint}", column)
        return _field(name.lower(), value, column, column + len(name) + 1, quoted=False)
    if word[0] in "#@" and len(word) > 1:
        return Field("hashtag" if word[0] == "#" else "handle", fold(word[1:]))
    if "*" in word or "?" in word:
        return _wildcard(word, column)
    return Term(word)


def _wildcard(word: str, column: int) -> Wildcard:
    literal = sum(1 for c in word if c not in "*?")
    if literal < 2:
        raise QueryError(f"wildcard {word!r} is too broad: give at least 2 letters", column)
    if sum(1 for c in word if c in "*?") > MAX_WILDCARDS_PER_WORD:
        raise QueryError(f"wildcard {word!r} has too many '*' and '?' (at most {MAX_WILDCARDS_PER_WORD})", column)
    return Wildcard(fold(word))


def _field(name: str, value: str, column: int, value_column: int, quoted: bool) -> Node:
    if not value.strip():
        raise QueryError(f"expected a value after '{name}:'", value_column)
    if name == "raw":
        return Raw(value)
    if name in RANGE_FIELDS:
        return _range(name, value, value_column)
    if ("*" in value or "?" in value) and not quoted:
        if name not in WILDCARD_FIELDS:
            raise QueryError(f"'{name}:' takes no wildcard", value_column)
        return Field(name, value if name == "url" else value.lower())
    return Field(name, _normalise(name, value))


def _normalise(name: str, value: str) -> str:
    if name in {"brand", "talent"}:
        return slugify(value)
    if name == "site":
        host = re.sub(r"^[a-z]+://", "", value.strip().lower()).split("/")[0]
        return host.removeprefix("www.")
    if name == "url":
        return value.strip()
    return value.strip().lower()


_COMPARISON = re.compile(r"^(>=|<=|>|<|=)?(.+)$")


def _range(name: str, value: str, column: int) -> Range:
    if value[0] in "[{":
        closing = value[-1]
        parts = re.split(r"\s+TO\s+", value[1:-1].strip())
        if closing not in "]}" or len(parts) != 2:
            raise QueryError(f"expected a range like {name}:[LOW TO HIGH]", column)
        low = None if parts[0] == "*" else _value(name, parts[0], column)
        high = None if parts[1] == "*" else _value(name, parts[1], column, end_of_day=closing == "]")
        include_high = high is None or (closing == "]" and not (name == "date" and _is_day(parts[1])))
        return Range(name, low, high, include_low=low is None or value[0] == "[", include_high=include_high)
    operator, text = _COMPARISON.match(value).groups()
    operator = operator or "="
    if operator == "=":
        low = _value(name, text, column)
        if name == "date" and _is_day(text):
            return Range(name, low, low + timedelta(days=1), True, False)
        return Range(name, low, low, True, True)
    if operator in {">", ">="}:
        bound = _value(name, text, column, end_of_day=operator == ">")
        exclusive = operator == ">" and not (name == "date" and _is_day(text))
        return Range(name, bound, None, include_low=not exclusive)
    bound = _value(name, text, column, end_of_day=operator == "<=")
    exclusive = operator == "<" or (name == "date" and _is_day(text))
    return Range(name, None, bound, include_high=not exclusive)


def _is_day(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()))


def _value(name: str, text: str, column: int, end_of_day: bool = False):
    text = text.strip()
    if RANGE_FIELDS[name] is datetime:
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise QueryError(f"expected a date like 2026-03-31 for '{name}:', got {text!r}", column) from None
        parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        # A bare day as an upper bound means the whole day: the bound is the next midnight, exclusive.
        return parsed + timedelta(days=1) if end_of_day and _is_day(text) else parsed
    try:
        number = float(text)
    except ValueError:
        raise QueryError(f"expected a number for '{name}:', got {text!r}", column) from None
    return int(number) if RANGE_FIELDS[name] is int and number.is_integer() else number


def parse_query(query: str) -> Node:
    """The syntax tree of `query`; QueryError says what is wrong, what was expected and at which column."""
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(f"query too long ({len(query)} characters, at most {MAX_QUERY_LENGTH})")
    return _Parser(query).parse()
