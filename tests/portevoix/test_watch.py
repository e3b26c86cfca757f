from pathlib import Path

import pytest

from portevoix.errors import WatchError
from portevoix.watch import load_watch, parse_duration, parse_watch

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "watch.toml"

GOOD = """
name = "cosmetiques-fr"
languages = ["fr", "en"]

[[brands]]
name = "L'Oréal"
aliases = ["loreal", "L'Oréal Paris", "@lorealparis", "#lorealparis"]
description = "Groupe français de cosmétiques."
exclude = ["rue de l'Oréal"]

[[talents]]
name = "Arctic Monkeys"
aliases = ["@arcticmonkeys"]

[[sources]]
type = "rss"
url = "https://example.org/feed.xml"

[[sources]]
type = "reviews"
url = "https://shop.example.org/"
follow = "/produit/"

[schedule]
cron = "0 */6 * * *"
"""


def test_a_full_watch_loads():
    watch = parse_watch(GOOD)
    assert watch.name == "cosmetiques-fr"
    assert watch.brands[0].id == "loreal"
    assert watch.brands[0].names == ("L'Oréal", "loreal", "L'Oréal Paris", "@lorealparis", "#lorealparis")
    assert [s.type for s in watch.sources] == ["rss", "reviews"]
    assert watch.talents[0].id == "arctic-monkeys"
    assert watch.schedule.cron == "0 */6 * * *"


def test_the_shipped_example_is_valid():
    watch = load_watch(EXAMPLE)
    assert watch.brands and watch.sources and watch.schedule


@pytest.mark.parametrize(
    "change, expected",
    [
        (("aliases = [", "aliass = ["), r"<watch>:7: brands\[0\]\.aliass: unknown key"),
        (('url = "https://example.org/feed.xml"', "url = 42"), r"<watch>:17: sources\[0\]\.url: Input should be a valid string"),
        (('follow = "/produit/"', 'follow = "(unclosed"'), r"<watch>:22: sources\[1\]\.follow: not a regular expression"),
        (('cron = "0 \*/6 \* \* \*"'.replace("\\", ""), 'cron = "every day"'), r"<watch>:25: schedule\.cron: not a cron expression"),
        (('type = "rss"', 'type = "gopher"'), r"<watch>:16: sources\[0\]\.type: Input tag 'gopher'"),
        (('languages = ["fr", "en"]', 'languages = ["french"]'), r"<watch>:3: languages: 'french' is not a two-letter"),
        (('name = "cosmetiques-fr"', 'name = "bad name!"'), r"<watch>:2: name: String should match pattern"),
    ],
)
def test_errors_name_the_key_and_the_line(change, expected):
    with pytest.raises(WatchError, match=expected):
        parse_watch(GOOD.replace(*change, 1))


def test_missing_brands_and_bad_toml():
    with pytest.raises(WatchError, match="brands: Field required"):
        parse_watch('name = "x"\n')
    with pytest.raises(WatchError, match=r"not valid TOML.*line 1"):
        parse_watch('name = "x\n')


def test_schedule_needs_exactly_one_of_cron_or_every():
    with pytest.raises(WatchError, match="exactly one"):
        parse_watch(GOOD.replace('cron = "0 */6 * * *"', 'cron = "0 * * * *"\nevery = "6h"'))
    assert parse_watch(GOOD.replace('cron = "0 */6 * * *"', 'every = "30m"')).schedule.every == "30m"


def test_duplicate_brand_ids_are_refused():
    text = 'name = "x"\n[[brands]]\nname = "L\'Oréal"\n[[brands]]\nname = "LOreal"\n'
    with pytest.raises(WatchError, match="share the id 'loreal'"):
        parse_watch(text)


def test_missing_file(tmp_path):
    with pytest.raises(WatchError, match="no such watch file"):
        load_watch(tmp_path / "nope.toml")


def test_durations():
    assert parse_duration("6h").total_seconds() == 6 * 3600
    with pytest.raises(ValueError):
        parse_duration("6 hours")
