"""The query language's syntax tree: what a query means, before any backend sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Term:
    """A word (analysed: case, accents and inflections do not matter)."""

    text: str


@dataclass(frozen=True)
class Wildcard:
    """A word with `*` (any characters) or `?` (one character), matched against unstemmed folded words."""

    pattern: str


@dataclass(frozen=True)
class Phrase:
    """Words in this order; with `slop`, up to that many moves apart (Lucene's sloppy phrase)."""

    text: str
    slop: int = 0


@dataclass(frozen=True)
class Raw:
    """`raw:Word` or `raw:"Two Words"`: exact, case- and accent-sensitive."""

    text: str


@dataclass(frozen=True)
class Field:
    """`field:value` on a keyword field (brand, lang, author, site, #hashtag, @handle, ...)."""

    name: str
    value: str


@dataclass(frozen=True)
class Range:
    """`rating:>=4`, `followers:>1000`, `date:[2026-01-01 TO 2026-03-31]`: bounds are None when open."""

    name: str
    low: float | datetime | None
    high: float | datetime | None
    include_low: bool = True
    include_high: bool = True


@dataclass(frozen=True)
class Near:
    """`left NEAR/N right`: at most N words between them, in any order (or left first when `ordered`)."""

    left: "Node"
    right: "Node"
    distance: int
    ordered: bool = False


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


Node = Term | Wildcard | Phrase | Raw | Field | Range | Near | And | Or | Not | MatchAll
TEXT_NODES = (Term, Wildcard, Phrase, Raw)


def walk(node: Node):
    """Every node of the tree, parents first."""
    yield node
    match node:
        case And(items) | Or(items):
            for item in items:
                yield from walk(item)
        case Not(item):
            yield from walk(item)
        case Near(left, right):
            yield from walk(left)
            yield from walk(right)


def has_near(node: Node) -> bool:
    return any(isinstance(n, Near) for n in walk(node))


def positive_text(node: Node) -> list[Node]:
    """The text nodes a hit must or may contain (not the negated ones), for highlighting."""
    match node:
        case Term() | Wildcard() | Phrase() | Raw():
            return [node]
        case And(items) | Or(items):
            return [found for item in items for found in positive_text(item)]
        case Near(left, right):
            return positive_text(left) + positive_text(right)
        case _:
            return []
