from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from portevoix.models import Post, Run, Signal, slugify, stable_hash


def test_datetimes_are_stored_in_utc():
    paris = timezone(timedelta(hours=2))
    post = Post(id="web:1", platform="web", text="x", published_at=datetime(2026, 6, 1, 12, 0, tzinfo=paris))
    assert post.published_at == datetime(2026, 6, 1, 10, 0, tzinfo=timezone.utc)
    assert post.published_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_taken_as_utc():
    post = Post(id="web:1", platform="web", text="x", published_at=datetime(2026, 6, 1, 12, 0))
    assert post.published_at.tzinfo is not None and post.published_at.hour == 12


def test_records_are_frozen_and_strict():
    post = Post(id="web:1", platform="web", text="x")
    with pytest.raises(ValidationError):
        post.text = "changed"
    with pytest.raises(ValidationError):
        Post(id="web:1", platform="web", text="x", unknown_field=1)


def test_ids_are_deterministic():
    assert stable_hash("a", "b") == stable_hash("a", "b") != stable_hash("ab")
    assert Signal.make_id("w", "p", "loreal", "recommendation") == Signal.make_id("w", "p", "loreal", "recommendation")
    assert Post.make_id("mastodon", "123") == "mastodon:123"


def test_run_ids_differ_within_one_second():
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert Run.make_id("crawl", now) != Run.make_id("crawl", now)


def test_signal_scores_are_bounded():
    with pytest.raises(ValidationError):
        Signal(id="s", watch="w", post_id="p", subject_id=None, kind="recommendation", score=1.5, detector="d", version="1")


@pytest.mark.parametrize("name, slug", [("L'Oréal", "loreal"), ("L’Oréal Paris", "loreal-paris"), ("Décathlon", "decathlon"), ("IKEA", "ikea")])
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_comments_are_read_without_the_title_their_feed_gives_them():
    article = Post(id="web:1", platform="web", kind="article", title="Mon avis", text="Je recommande")
    comment = Post(id="web:2", platform="web", kind="comment", title="Re: Mon avis sur L'Oréal", text="Merci !")
    assert article.full_text == "Mon avis\nJe recommande"
    assert comment.full_text == "Merci !"


def test_a_title_made_of_the_texts_first_words_is_read_once():
    text = "J'utilise mon étagère Billy IKEA comme tête de lit, avec des guirlandes c'est top."
    cut = Post(id="web:1", platform="web", kind="article", title="J'utilise mon étagère Billy IKEA comme tête…", text=text)
    whole = Post(id="web:2", platform="web", kind="article", title=text, text=text)
    dotted = Post(id="web:3", platform="web", kind="article", title="J'utilise mon  étagère...", text=text)
    assert cut.full_text == whole.full_text == dotted.full_text == text
    titled = Post(id="web:4", platform="web", kind="article", title="Une étagère Billy", text=text)
    assert titled.full_text == f"Une étagère Billy\n{text}"
    brand = Post(id="web:5", platform="web", kind="article", title="Bic", text="Bicyclette de ville, très bien.")
    assert brand.full_text == "Bic\nBicyclette de ville, très bien."  # a word's start is not the title

