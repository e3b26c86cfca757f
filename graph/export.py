"""Shortlists as CSV, XLSX, JSON or GEXF: rank, who, where, the score and its parts, and the evidence posts."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from graph.gexf import write_gexf
from graph.prescribers import ALL_TALENTS
from graph.rank import ROLES
from index.store import Store
from portevoix.errors import PortevoixError
from portevoix.models import Ranking
from portevoix.watch import Watch

FORMATS = ("csv", "xlsx", "json", "gexf")
EVIDENCE_COLUMNS = 3
_ACROSS_BRANDS = {"prescriber", "talent"}  # ranked over all talents, not per brand


@dataclass(frozen=True)
class Shortlist:
    rows: list[dict]  # one per ranked author, best first within each brand
    evidence: list[dict]  # one per evidence post, in the rows' order


def build_shortlist(store: Store, watch: Watch, role: str, brand: str | None = None, limit: int | None = None) -> Shortlist:
    """The shortlist of the latest ranking run, with the posts that justify each row."""
    rankings = load_shortlist(store, watch, role, brand, limit)
    authors = store.load_authors({r.author_id for r in rankings})
    posts = store.load_posts({pid for r in rankings for pid in r.evidence_post_ids})
    names = watch.display_names | {ALL_TALENTS: "all talents"}
    rows, evidence_rows = [], []
    for ranking in rankings:
        author = authors.get(ranking.author_id)
        evidence = [posts[pid] for pid in ranking.evidence_post_ids if pid in posts]
        if role == "talent":
            who = {"handle": ranking.author_id, "display_name": names.get(ranking.author_id), "platform": None, "profile_url": None}
        else:
            who = {
                "handle": author.handle if author else ranking.author_id.split(":", 1)[-1],
                "display_name": author.display_name if author else None,
                "platform": author.platform if author else ranking.author_id.split(":", 1)[0],
                "profile_url": author.profile_url if author else None,
            }
        row = {
            "brand": names.get(ranking.subject_id, ranking.subject_id),
            "rank": ranking.rank,
            **who,
            "score": ranking.score,
            **{f"part_{name}": value for name, value in ranking.parts.items()},
            "posts": ranking.post_count,
            "first_seen": ranking.first_seen.isoformat() if ranking.first_seen else None,
            "last_seen": ranking.last_seen.isoformat() if ranking.last_seen else None,
            "community": ranking.community,
            **{f"evidence_{i + 1}": (evidence[i].url or evidence[i].id) if i < len(evidence) else None for i in range(EVIDENCE_COLUMNS)},
            "run_id": ranking.run_id,
            "version": f"{ranking.component} {ranking.version}",
        }
        rows.append(row)
        for post in evidence:
            evidence_rows.append(
                {
                    "brand": row["brand"],
                    "rank": row["rank"],
                    "handle": row["handle"],
                    "post_url": post.url or post.id,
                    "published_at": post.published_at.isoformat() if post.published_at else None,
                    "text": post.text[:1000],
                }
            )
    return Shortlist(rows, evidence_rows)


def load_shortlist(store: Store, watch: Watch, role: str, brand: str | None = None, limit: int | None = None) -> list[Ranking]:
    """The latest run's rankings of `role` (for one brand when given), best first within each subject."""
    if role not in ROLES:
        raise PortevoixError(f"unknown role {role!r} (known: {', '.join(ROLES)})")
    subject = watch.brand(brand).id if brand and role not in _ACROSS_BRANDS else None
    rankings = store.load_rankings(watch.name, role, subject)
    if not rankings:
        raise PortevoixError(f"no {role} ranking for watch {watch.name!r} yet: run `portevoix rank {watch.name}.toml` first")
    return [r for r in rankings if r.rank <= limit] if limit else rankings


def export_shortlist(store: Store, watch: Watch, role: str, output: Path, format: str | None = None, brand: str | None = None) -> int:
    """Write the shortlist to `output` (format from the option or the file's extension); returns rows written."""
    format = (format or output.suffix.lstrip(".")).lower()
    if format not in FORMATS:
        raise PortevoixError(f"unknown export format {format!r} (known: {', '.join(FORMATS)})")
    output.parent.mkdir(parents=True, exist_ok=True)
    if format == "gexf":
        return write_gexf(store, watch, load_shortlist(store, watch, role, brand), output)
    shortlist = build_shortlist(store, watch, role, brand)
    rows = shortlist.rows
    if format == "csv":
        with output.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=_columns(rows))
            writer.writeheader()
            writer.writerows(rows)
    elif format == "json":
        output.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        _write_xlsx(shortlist, output, role)
    return len(rows)


def _columns(rows: list[dict]) -> list[str]:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)


def _write_xlsx(shortlist: Shortlist, output: Path, role: str) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    _fill_sheet(workbook.active, f"{role}s", shortlist.rows)
    _fill_sheet(workbook.create_sheet(), "evidence", shortlist.evidence)
    workbook.save(output)


def _fill_sheet(sheet, title: str, rows: list[dict]) -> None:
    """A readable sheet: bold header, frozen first row, columns as wide as their content."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.title = title[:31]
    columns = _columns(rows)
    sheet.append([c.replace("_", " ") for c in columns])
    for row in rows:
        sheet.append([row.get(c) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        width = max([len(column)] + [len(str(row.get(column) or "")) for row in rows[:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
