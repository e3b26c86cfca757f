"""`portevoix uses`: a brand's deviant uses found in real posts, grouped into themes with the real models."""

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from nlp.run import analyze_store
from nlp.uses import unexpected_uses
from portevoix.cli import cli
from portevoix.models import Post
from portevoix.watch import parse_watch

pytestmark = pytest.mark.slow
WATCH_TEXT = 'name = "uses"\nlanguages = ["fr", "en"]\n[[brands]]\nname = "Dyson"\ndescription = "Aspirateurs et sèche-cheveux."\n'
# The packaged MiniLM was trained on English: it groups uses within a language, not across (a multilingual
# model set as `encoder_model` would); these posts are English, with one French.
TEXTS = [
    "I use my Dyson to dry my ski gloves, they are dry in ten minutes.",
    "Tip: I use my Dyson to dry the kids' ski gloves after the slopes.",
    "I use my Dyson to dry wet gloves and mittens.",
    "I use my Dyson to blow the dust out of my keyboard.",
    "I use my Dyson to clean the crumbs from my laptop keyboard.",
    "Mon Dyson aspire très bien, rien à signaler.",
]


@pytest.fixture
def analysed(store):
    store.save_posts([Post(id=f"web:{i}", platform="web", url=f"https://ex.org/{i}", text=t, published_at=datetime(2026, 3, 1 + i, tzinfo=UTC)) for i, t in enumerate(TEXTS)])
    analyze_store(store, parse_watch(WATCH_TEXT))
    return store


def test_uses_grouped_into_themes(analysed):
    from nlp.encoder import SentenceEncoder

    themes = unexpected_uses(analysed, parse_watch(WATCH_TEXT), "Dyson", SentenceEncoder())
    assert sum(t.count for t in themes) == 5  # the ordinary post is not a use
    by_post = {post.id: theme.name for theme in themes for post in theme.examples}
    gloves = {by_post[f"web:{i}"] for i in (0, 1, 2)}
    keyboards = {by_post[f"web:{i}"] for i in (3, 4)}
    assert len(gloves) == 1 and len(keyboards) == 1 and gloves != keyboards
    assert themes[0].count == 3 and "gloves" in themes[0].name


def test_uses_from_the_command_line(analysed, settings, tmp_path):
    watch_file = tmp_path / "uses.toml"
    watch_file.write_text(WATCH_TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--data-dir", str(settings.data_dir), "--log-level", "WARNING", "uses", str(watch_file), "--brand", "dyson"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "The 2 unexpected uses of Dyson (5 posts):" in result.output and "https://ex.org/0" in result.output
