"""The `portevoix` command: crawl, analyze, rank, export, search, schedule and serve watches."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from portevoix import __version__
from portevoix.errors import PortevoixError
from portevoix.settings import SETTINGS, Settings, load_settings
from portevoix.watch import load_watch


def _global_options(command):
    """One --flag per setting of the SETTINGS table (the table is the only place settings exist)."""
    for setting in reversed(SETTINGS):
        kind = {bool: None, int: int, float: float, Path: click.Path(path_type=Path)}.get(setting.type, str)
        if setting.type is bool:
            option = click.option(f"{setting.flag}/--no-{setting.flag[2:]}", setting.name, default=None, help=f"{setting.help} [env {setting.env}]")
        else:
            option = click.option(setting.flag, setting.name, type=kind, default=None, help=f"{setting.help} [env {setting.env}; default {setting.default}]")
        command = option(command)
    return command


class _Failure(click.ClickException):
    exit_code = 2


class _Group(click.Group):
    """Turns our errors into a one-line message and exit code 2, never a traceback."""

    def invoke(self, context: click.Context):
        try:
            return super().invoke(context)
        except PortevoixError as error:
            raise _Failure(str(error)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="portevoix")
@click.option("--config", "config_file", type=click.Path(path_type=Path), default=None, help="Settings file (TOML) [env PORTEVOIX_CONFIG].")
@_global_options
@click.pass_context
def cli(context: click.Context, config_file: Path | None, **overrides) -> None:
    """Porte-voix: social listening and influencer discovery.

    Crawl public posts and reviews, find brand mentions, recommendations and deviant
    uses, rank each brand's ambassadors, search it all, export shortlists.
    Settings: defaults < --config file < PORTEVOIX_* variables < these options.
    """
    settings = load_settings(config_file, overrides=overrides)
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    context.obj = settings


def _store(settings: Settings):
    from index import open_store

    return open_store(settings)


def _say(message: str) -> None:
    click.echo(message, err=True)


@cli.command()
@click.argument("watch_file", type=click.Path(path_type=Path))
@click.option("--full", is_flag=True, help="Fetch everything again, ignoring the ETags and cursors of earlier crawls.")
@click.option("--distributed", metavar="redis://HOST:PORT/DB", help="Share one frontier and dupefilter with the crawler processes of this watch on other machines.")
@click.pass_obj
def crawl(settings: Settings, watch_file: Path, full: bool, distributed: str | None) -> None:
    """Crawl the sources of WATCH_FILE into the store (robots.txt obeyed, AutoThrottle on); only what is new
    since the last crawl, unless --full."""
    from crawler.runner import crawl_watch

    watch = load_watch(watch_file)
    _say(f"crawling {len(watch.sources)} source(s) of {watch.name}…")
    run = crawl_watch(watch, settings, full=full, distributed=distributed)
    click.echo(f"crawl {run.id}: {_counts(run.counts)}" + (f"; errors: {_counts(run.errors)}" if run.errors else ""))


@cli.command()
@click.argument("watch_file", type=click.Path(path_type=Path), required=False)
@click.option("--watch", "watch_option", type=click.Path(path_type=Path), help="The watch file (same as WATCH_FILE).")
@click.option("--input", "input_file", type=click.File("r", encoding="utf-8"), help="Analyse this JSONL file (one {id, text, lang?, rating?} a line; - for stdin) instead of the store.")
@click.option("--output", "output_file", type=click.File("w", encoding="utf-8"), default="-", show_default=True, help="Where to write the JSONL results with --input.")
@click.option("--all", "reanalyze_all", is_flag=True, help="Re-analyse every post, replacing earlier results (after a model change).")
@click.pass_obj
def analyze(settings: Settings, watch_file: Path | None, watch_option: Path | None, input_file, output_file, reanalyze_all: bool) -> None:
    """Find brand mentions, recommendations, deviant uses, promotion and sentiment.

    Without --input: analyses the store's posts not yet analysed for the watch.
    With --input/--output: reads and writes JSONL, one object a line:
    {"id", "lang", "brands", "mentions": [{"brand", "text", "start", "end"}],
    "signals": {"recommendation", "deviant_use", "promotional", "sponsored", "talent_endorsement"},
    "sentiment": {"label", "score"}}.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from nlp.encoder import encoder_from_settings
    from nlp.parallel import worker_count

    path = watch_file or watch_option
    if path is None:
        raise click.UsageError("give the watch file: portevoix analyze WATCH_FILE (or --watch WATCH_FILE)")
    watch = load_watch(path)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    if input_file is not None:
        from nlp.run import analyze_jsonl

        with Progress(*columns, console=_stderr_console(), transient=True) as progress:
            task = progress.add_task("analysing", total=None)
            written, problems = analyze_jsonl(input_file, output_file, watch, settings.analysis_batch_size, lambda n: progress.advance(task, n), encoder_from_settings(settings), worker_count(settings.analysis_workers))
        for problem in problems[:50]:
            _say(f"skipped {problem}")
        _say(f"{written} line(s) analysed" + (f", {len(problems)} skipped" if problems else ""))
        if problems:
            sys.exit(1)
        return
    from nlp.run import analyze_store

    store = _store(settings)
    try:
        total = store.count_posts()
        with Progress(*columns, console=_stderr_console(), transient=True) as progress:
            task = progress.add_task("analysing", total=total)
            run = analyze_store(store, watch, settings.analysis_batch_size, reanalyze_all, lambda n: progress.advance(task, n), encoder_from_settings(settings), worker_count(settings.analysis_workers))
    finally:
        store.close()
    click.echo(f"analyze {run.id}: {_counts(run.counts)}")


@cli.command()
@click.argument("watch_file", type=click.Path(path_type=Path))
@click.option("--brand", required=True, help="The brand (name or id).")
@click.option("--top", type=int, default=10, show_default=True, help="How many themes to print.")
@click.pass_obj
def uses(settings: Settings, watch_file: Path, brand: str, top: int) -> None:
    """The unexpected uses of a brand: its analysed posts' deviant uses, grouped into themes, with counts
    and example posts."""
    from nlp.encoder import encoder_from_settings
    from nlp.uses import unexpected_uses

    watch = load_watch(watch_file)
    store = _store(settings)
    try:
        themes = unexpected_uses(store, watch, brand, encoder_from_settings(settings))
    finally:
        store.close()
    name = watch.brand(brand).name
    if not themes:
        click.echo(f"No unexpected use of {name} found yet (run `portevoix analyze {watch_file}` first).")
        return
    click.echo(f"The {len(themes)} unexpected uses of {name} ({sum(t.count for t in themes)} posts):")
    for number, theme in enumerate(themes[:top], start=1):
        click.echo(f"{number:>3}. {theme.name}  ({theme.count} post{'s' if theme.count > 1 else ''})")
        for post in theme.examples:
            click.echo(f"       - {post.url or post.id}  {' '.join(post.text.split())[:100]}")


@cli.command("train-heads")
@click.option("--corpora", type=click.Path(path_type=Path, file_okay=False), default=Path("../shared/corpora"), show_default=True, help="The labelled datasets to learn from.")
@click.option("--output", type=click.Path(path_type=Path, file_okay=False), help="Where to write the heads (default: nlp/heads/ in the package).")
@click.option("--per-source-label", type=int, default=1500, show_default=True, help="Most examples of one label from one dataset.")
@click.pass_obj
def train_heads_command(settings: Settings, corpora: Path, output: Path | None, per_source_label: int) -> None:
    """Retrain the classifier heads (sentiment, promotion, French reviews' polarity) on character n-grams and
    static sentence vectors of the labelled corpora; posts_sample.jsonl is always left out. Prints each head's
    held-out figures."""
    from nlp.encoder import encoder_from_settings
    from nlp.head import HEADS
    from nlp.static_encoder import StaticEncoder
    from nlp.training.train import train_heads

    train_heads(corpora, output or HEADS, StaticEncoder(encoder_from_settings(settings)), per_source_label, say=click.echo)


ROLE_NAMES = ["ambassador", "prescriber", "talent", "creator", "contributor", "lead_user", "expert"]


@cli.command()
@click.argument("watch_file", type=click.Path(path_type=Path))
@click.option("--role", "roles", type=click.Choice(ROLE_NAMES), multiple=True, help="What to rank (repeatable). Default: every role.")
@click.option("--since", help="Only posts published from this date (2026-01-01).")
@click.option("--until", help="Only posts published up to this date.")
@click.option("--top", type=int, default=5, show_default=True, help="How many to print per brand.")
@click.pass_obj
def rank(settings: Settings, watch_file: Path, roles: tuple[str, ...], since: str | None, until: str | None, top: int) -> None:
    """Rank ambassadors, prescribers of emerging talent, emerging talents and consumer roles."""
    from graph.export import build_shortlist
    from graph.rank import ROLES
    from graph.run import rank_watch

    watch = load_watch(watch_file)
    store = _store(settings)
    try:
        run = rank_watch(store, watch, roles or ROLES, _parse_date(since, "--since"), _parse_date(until, "--until"))
        click.echo(f"rank {run.id}: {_counts(run.counts)}")
        for role in roles or ROLES:
            if run.counts.get(f"ranked_{role}"):
                click.echo(f"{role}:")
                _print_rows(build_shortlist(store, watch, role, limit=top).rows)
    finally:
        store.close()


@cli.command()
@click.argument("watch_file", type=click.Path(path_type=Path))
@click.option("--role", type=click.Choice(ROLE_NAMES), default="ambassador", show_default=True)
@click.option("--brand", help="Only this brand (name or id).")
@click.option("--format", "format_", type=click.Choice(["csv", "xlsx", "json", "gexf"]), help="Default: from the output file's extension.")
@click.option("--output", type=click.Path(path_type=Path), required=True, help="File to write.")
@click.pass_obj
def export(settings: Settings, watch_file: Path, role: str, brand: str | None, format_: str | None, output: Path) -> None:
    """Export the latest shortlist: rank, handle, platform, profile, score and its parts, evidence posts
    (GEXF: the graph around it, for Gephi)."""
    from graph.export import export_shortlist

    watch = load_watch(watch_file)
    store = _store(settings)
    try:
        rows = export_shortlist(store, watch, role, output, format_, brand)
    finally:
        store.close()
    click.echo(f"{rows} row(s) written to {output}")


@cli.command()
@click.argument("watch_file", type=click.Path(path_type=Path))
@click.argument("author")
@click.pass_obj
def explain(settings: Settings, watch_file: Path, author: str) -> None:
    """Why AUTHOR (platform:handle, or a handle) ranks where they do: each part of each score, and the posts."""
    from graph.explain import explain_author

    watch = load_watch(watch_file)
    store = _store(settings)
    try:
        for line in explain_author(store, watch, author):
            click.echo(line)
    finally:
        store.close()


def _parse_date(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-03-31 or 2026-03-31T12:00", param_hint=option) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@cli.command()
@click.argument("query", default="")
@click.option("--brand", "brands", multiple=True, help="Only posts mentioning this brand (repeatable).")
@click.option("--lang", "langs", multiple=True, help="Only this language (repeatable).")
@click.option("--platform", "platforms", multiple=True, help="Only this platform (repeatable).")
@click.option("--signal", "signals", multiple=True, help="Only posts with this signal: recommendation, deviant_use, sponsored, ... (repeatable).")
@click.option("--since", help="Published on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Published on or before this date.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--cursor", help="Continue after a previous page (its next_cursor).")
@click.option("--interval", type=click.Choice(["hour", "day", "week"]), default="day", show_default=True, help="Date histogram buckets.")
@click.option("--significant", is_flag=True, help="Also list the words these posts use more than the rest.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
@click.pass_obj
def search(settings: Settings, query: str, brands, langs, platforms, signals, since, until, sort, limit, cursor, interval, significant, as_json) -> None:
    """Search posts the way listening tools do.

    \b
    words and "exact phrases" (case, accents and inflections ignored), AND, OR, NOT or -word, ( )
    "must have"~2          phrase with up to 2 moves      recommand*  te?m   wildcards
    (apple OR iphone) NEAR/5 (love OR adore)             NEAR/5f: left before right
    raw:Orange             exact case                     #hashtag  @handle
    author: site: url: platform: lang: brand: talent: signal: sentiment:
    rating:>=4  followers:>1000  date:[2026-01-01 TO 2026-03-31]
    """
    from index.store import SearchRequest
    from portevoix.models import slugify

    request = SearchRequest(
        query=query,
        brands=tuple(slugify(b) for b in brands),
        langs=langs,
        platforms=platforms,
        signals=signals,
        since=_parse_date(since, "--since"),
        until=_parse_date(until, "--until"),
        sort=sort,
        limit=limit,
        cursor=cursor,
        interval=interval,
        significant=significant,
    )
    store = _store(settings)
    try:
        result = store.search(request)
    finally:
        store.close()
    if as_json:
        from portevoix.api import search_result_json

        click.echo(json.dumps(search_result_json(result), ensure_ascii=False, indent=2))
        return
    _print_search(result, interval)


def _print_search(result, interval: str) -> None:
    import html
    import re

    click.echo(f"{result.total} post(s)")
    for name, counts in result.counts.items():
        if counts:
            click.echo(f"  {name}: " + ", ".join(f"{key} {count}" for key, count in sorted(counts.items(), key=lambda kv: -kv[1])))
    if result.histogram:
        peak = max(count for _, count in result.histogram)
        click.echo(f"  per {interval}:")
        for date, count in result.histogram[-12:]:
            click.echo(f"    {date[:16].replace('T', ' ')}  {'█' * max(1, round(30 * count / peak))} {count}")
    for name, authors in result.top_authors.items():
        if authors:
            click.echo(f"  top authors by {name}: " + ", ".join(f"{a['author']} ({a[name]})" for a in authors[:5]))
    if result.significant_terms:
        click.echo("  significant terms: " + ", ".join(f"{t['term']} ({t['foreground']})" for t in result.significant_terms))
    for hit in result.hits:
        post = hit.post
        when = post.published_at.date().isoformat() if post.published_at else "?"
        excerpt = " … ".join(hit.highlights) if hit.highlights else html.escape(post.text[:240])
        excerpt = re.sub(r"<mark>(.*?)</mark>", lambda m: click.style(m.group(1), bold=True, fg="yellow"), excerpt)
        click.echo(f"\n[{when}] {post.author_id or '?'} {'(' + ', '.join(hit.brands) + ')' if hit.brands else ''}\n  {html.unescape(excerpt).replace(chr(10), ' ')}\n  {post.url or post.id}")
    if result.next_cursor:
        click.echo(f"\nnext page: --cursor {result.next_cursor}")


@cli.command()
@click.pass_obj
def reindex(settings: Settings) -> None:
    """Rebuild the search index from the stored records."""
    store = _store(settings)
    try:
        count = store.reindex()
    finally:
        store.close()
    click.echo(f"{count} post(s) indexed")


@cli.command("es-setup")
@click.pass_obj
def es_setup(settings: Settings) -> None:
    """Install the Elasticsearch index template and create the indices and aliases (needs --es-url)."""
    from index.elasticsearch import ElasticsearchStore

    if not settings.es_url:
        raise _Failure("es-setup needs an Elasticsearch server: give --es-url URL or set PORTEVOIX_ES_URL")
    store = ElasticsearchStore(settings.es_url, prefix=settings.es_index_prefix)
    try:
        for line in store.setup() or ["everything was already in place"]:
            click.echo(line)
    finally:
        store.close()


@cli.command()
@click.argument("watch_file", type=click.Path(path_type=Path))
@click.option("--remove", is_flag=True, help="Remove the watch's job instead.")
@click.pass_obj
def schedule(settings: Settings, watch_file: Path, remove: bool) -> None:
    """Schedule WATCH_FILE (crawl, analyze, rank) on its [schedule]; `portevoix scheduler run` runs the jobs."""
    import scheduler as jobs

    if remove:
        name = load_watch(watch_file).name
        removed = jobs.unschedule_watch(settings.data_dir, name)
        click.echo(f"job for {name} removed" if removed else f"no job for {name}")
        return
    next_run = jobs.schedule_watch(settings.data_dir, watch_file)
    click.echo(f"scheduled {watch_file}; next run {next_run}")


@cli.group("scheduler")
def scheduler_group() -> None:
    """Run or list the scheduled jobs (they live in the data folder and survive restarts)."""


@scheduler_group.command("run")
@click.pass_obj
def scheduler_run(settings: Settings) -> None:
    """Run scheduled jobs until interrupted (Ctrl-C)."""
    import scheduler as jobs

    runner = jobs.make_scheduler(settings.data_dir, blocking=True)
    _say(f"scheduler running with jobs from {jobs.job_store_url(settings.data_dir)}; Ctrl-C to stop")
    try:
        runner.start()
    except (KeyboardInterrupt, SystemExit):
        pass


@scheduler_group.command("list")
@click.pass_obj
def scheduler_list(settings: Settings) -> None:
    """List scheduled jobs and their next run."""
    import scheduler as jobs

    found = jobs.list_jobs(settings.data_dir)
    if not found:
        click.echo("no scheduled job")
    for job in found:
        click.echo(f"{job['id']}  next {job['next_run']}  {job['watch_file']}")


@cli.command()
@click.option("--watch", "watch_file", type=click.Path(path_type=Path), help="Show only runs of this watch.")
@click.option("--limit", type=int, default=20, show_default=True)
@click.pass_obj
def runs(settings: Settings, watch_file: Path | None, limit: int) -> None:
    """List recent runs: stage, status, counts and error codes."""
    store = _store(settings)
    try:
        found = store.load_runs(load_watch(watch_file).name if watch_file else None, limit=limit)
    finally:
        store.close()
    for run in found:
        click.echo(f"{run.started_at.isoformat()}  {run.stage:<8} {run.status:<7} {run.watch or '-':<20} {_counts(run.counts)}" + (f"  errors: {_counts(run.errors)}" if run.errors else ""))


@cli.command()
@click.pass_obj
def serve(settings: Settings) -> None:
    """Serve the HTTP API (/api/search, /api/rankings, /api/posts/ID) and the search page."""
    import uvicorn

    from portevoix.api import create_app

    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level=settings.log_level.lower())


@cli.command()
@click.option("--serve", "then_serve", is_flag=True, help="Then serve the search page on --host/--port.")
@click.pass_obj
def demo(settings: Settings, then_serve: bool) -> None:
    """Run the whole job on a local demo site: crawl, analyze, rank, export the shortlist, summarise."""
    from portevoix.demo.run import run_demo

    summary = run_demo(settings, say=_say)
    click.echo(summary)
    if then_serve:
        import uvicorn

        from portevoix.api import create_app

        _say(f"search page on http://{settings.host}:{settings.port}/")
        uvicorn.run(create_app(settings, demo=True), host=settings.host, port=settings.port, log_level="warning")


@cli.command("settings")
@click.pass_obj
def show_settings(settings: Settings) -> None:
    """Print the effective settings and where each can be set."""
    for setting in SETTINGS:
        value = getattr(settings, setting.name)
        if setting.name in {"api_keys", "youtube_api_key"} and value:
            value = "***"
        click.echo(f"{setting.name} = {value}    ({setting.flag}, {setting.env})  {setting.help}")


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value}" for key, value in sorted(counts.items())) or "nothing"


def _print_rows(rows: list[dict]) -> None:
    for row in rows:
        flag = "  [partner]" if row.get("part_partner") else ""
        click.echo(f"  {row['brand']:<12} #{row['rank']:<3} {row['display_name'] or row['handle']:<22} score {row['score']:.3f}  posts {row['posts']}{flag}")


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def main() -> None:
    cli(prog_name="portevoix")


if __name__ == "__main__":
    main()
