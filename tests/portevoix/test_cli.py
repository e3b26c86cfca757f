"""The command line through click's runner: help, errors, and every stage on the demo data."""

import json

import pytest
from click.testing import CliRunner

from portevoix.cli import cli


def invoke(*args, data_dir=None, input=None):
    prefix = ["--data-dir", str(data_dir), "--log-level", "WARNING"] if data_dir else []
    return CliRunner().invoke(cli, [*prefix, *args], input=input, catch_exceptions=False)


def every_command(group=cli, path=()):
    for name, command in group.commands.items():
        yield (*path, name)
        if hasattr(command, "commands"):
            yield from every_command(command, (*path, name))


@pytest.mark.parametrize("command", list(every_command()), ids=" ".join)
def test_every_command_says_what_it_does(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert len(result.output.split("\n\n")[1].strip()) > 20


def test_top_level_help_lists_commands_and_setting_flags():
    result = invoke("--help")
    for word in ("crawl", "analyze", "rank", "export", "search", "schedule", "serve", "demo", "--data-dir", "PORTEVOIX_DATA_DIR"):
        assert word in result.output


def test_errors_are_one_clear_line(tmp_path):
    missing = invoke("crawl", str(tmp_path / "nope.toml"), data_dir=tmp_path)
    assert missing.exit_code == 2 and "no such watch file" in missing.output and "Traceback" not in missing.output
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[[brands]]\nnam = "X"\n')
    invalid = invoke("rank", str(bad), data_dir=tmp_path)
    assert invalid.exit_code == 2 and "bad.toml:3: brands[0].nam: unknown key" in invalid.output
    query = invoke("search", "(loreal OR nivea", data_dir=tmp_path)
    assert query.exit_code == 2 and "unbalanced parenthesis: '(' is never closed at column 1" in query.output
    setting = CliRunner().invoke(cli, ["--port", "x", "settings"])
    assert setting.exit_code == 2 and "Invalid value for '--port'" in setting.output


def test_es_setup_needs_a_server(tmp_path):
    result = invoke("es-setup", data_dir=tmp_path)
    assert result.exit_code == 2 and "needs an Elasticsearch server" in result.output


def test_settings_command_shows_effective_values(tmp_path):
    result = invoke("settings", data_dir=tmp_path)
    assert f"data_dir = {tmp_path}  " in result.output
    assert "log_level = WARNING  " in result.output


def test_analyze_files_follow_the_jsonl_contract(tmp_path):
    watch = tmp_path / "w.toml"
    watch.write_text('name = "w"\n[[brands]]\nname = "Nivea"\n')
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "1", "text": "Je recommande Nivea, foncez !"}) + "\nbroken\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = invoke("analyze", "--watch", str(watch), "--input", str(source), "--output", str(output), data_dir=tmp_path)
    assert result.exit_code == 1  # one line was skipped: said, and the exit code says so
    assert "skipped line 2: not JSON" in result.output
    [line] = output.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["brands"] == ["Nivea"] and record["signals"]["recommendation"] >= 0.5


@pytest.mark.slow
class TestOnTheDemo:
    """Every stage on the demo site's data, crawled once for the class."""

    @pytest.fixture(scope="class")
    def demo_dir(self, tmp_path_factory):
        data_dir = tmp_path_factory.mktemp("demo")
        result = invoke("demo", data_dir=data_dir)
        assert result.exit_code == 0, result.output
        self.__class__.summary = result.output
        return data_dir

    def test_demo_leaves_a_non_empty_shortlist(self, demo_dir):
        assert "top five ambassadors" in self.summary
        rows = (demo_dir / "exports" / "ambassadors.csv").read_text(encoding="utf-8").splitlines()
        assert len(rows) > 10 and rows[0].startswith("brand,rank,handle")
        assert (demo_dir / "exports" / "ambassadors.xlsx").stat().st_size > 0
        # The planted ambassadors lead their brands.
        firsts = {line.split(",")[0]: line.split(",")[2] for line in rows[1:] if line.split(",")[1] == "1"}
        assert firsts["L'Oréal"] == "127.0.0.1/camille-martin" and firsts["Décathlon"] == "127.0.0.1/jake-thompson"

    def test_search_with_filters_and_json(self, demo_dir):
        text = invoke("search", "recommande", "--brand", "L'Oréal", "--lang", "fr", data_dir=demo_dir)
        assert text.exit_code == 0 and "post(s)" in text.output and "brand: loreal" in text.output
        result = json.loads(invoke("search", "tente OR tent", "--json", "--limit", "3", data_dir=demo_dir).output)
        assert result["total"] > 0 and len(result["hits"]) == 3 and "brand" in result["counts"]
        dated = json.loads(invoke("search", "", "--since", "2026-10-01", "--sort", "date", "--json", data_dir=demo_dir).output)
        assert all(hit["published_at"] >= "2026-10-01" for hit in dated["hits"])

    def test_search_language_timeline_and_pages(self, demo_dir):
        near = invoke("search", "(tente OR tent) NEAR/4 (recommande OR recommend*)", "--interval", "week", "--significant", data_dir=demo_dir)
        assert near.exit_code == 0 and "per week:" in near.output and "top authors by posts" in near.output
        first = json.loads(invoke("search", "brand:decathlon", "--sort", "date", "--limit", "5", "--json", data_dir=demo_dir).output)
        second = json.loads(invoke("search", "brand:decathlon", "--sort", "date", "--limit", "5", "--cursor", first["next_cursor"], "--json", data_dir=demo_dir).output)
        assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
        assert first["hits"][-1]["published_at"] >= second["hits"][0]["published_at"]
        significant = json.loads(invoke("search", "brand:ikea", "--significant", "--json", data_dir=demo_dir).output)["significant_terms"]
        assert significant and all(term["foreground"] >= 3 for term in significant)

    def test_rank_export_reindex_and_runs(self, demo_dir, tmp_path):
        watch = str(demo_dir / "demo-watch.toml")
        ranked = invoke("rank", watch, data_dir=demo_dir)
        assert ranked.exit_code == 0 and "Camille Martin" in ranked.output
        out = tmp_path / "nivea.json"
        exported = invoke("export", watch, "--brand", "Nivea", "--output", str(out), data_dir=demo_dir)
        assert exported.exit_code == 0
        assert {row["brand"] for row in json.loads(out.read_text())} == {"Nivea"}
        count = int(invoke("reindex", data_dir=demo_dir).output.split()[0])
        assert count > 300
        runs = invoke("runs", data_dir=demo_dir).output
        assert "crawl" in runs and "analyze" in runs and "rank" in runs

    def test_recrawl_adds_no_duplicates(self, demo_dir):
        from portevoix.demo.site import DemoSite, write_demo_watch

        with DemoSite() as site:
            watch = write_demo_watch(demo_dir / "again.toml", site.base_url, name="demo-again")
            first = invoke("--allow-private-addresses", "crawl", str(watch), data_dir=demo_dir)
            second = invoke("--allow-private-addresses", "crawl", str(watch), data_dir=demo_dir)
        assert first.exit_code == 0 and second.exit_code == 0
        assert "posts_inserted 0," in second.output and "posts_unchanged 386" in second.output
