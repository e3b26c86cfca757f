"""A fixed corpus for the search suites: every construct of the query language has posts to find."""

from datetime import UTC, datetime

from index.store import PostAnalysis
from portevoix.models import Author, Mention, Post, Signal

WATCH = "search"


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


AUTHORS = [
    Author(id="web:blog.example.fr/camille", platform="web", handle="blog.example.fr/camille", followers=120),
    Author(id="web:shop.example.fr/karim", platform="web", handle="shop.example.fr/karim", followers=3),
    Author(id="mastodon:jake@mastodon.example", platform="mastodon", handle="jake@mastodon.example", followers=5000),
    Author(id="mastodon:mike@mastodon.example", platform="mastodon", handle="mike@mastodon.example", followers=50),
]

# (id, lang, platform, url, author, published, text, rating, metrics, hashtags, handles)
_POSTS = [
    ("p01", "fr", "web", "https://blog.example.fr/cheveux", "web:blog.example.fr/camille", "2026-01-05T10:00", "Je recommande vraiment L'Oréal, un must have pour les cheveux #lorealparis @lorealparis", None, {"likes": 10}, ("lorealparis",), ("lorealparis",)),
    ("p02", "fr", "web", "https://shop.example.fr/avis/2", "web:shop.example.fr/karim", "2026-01-12T08:00", "Shampooing décevant, je ne le recommande pas", 2.0, {}, (), ()),
    ("p03", "en", "mastodon", "https://mastodon.example/@jake/3", "mastodon:jake@mastodon.example", "2026-02-03T12:00", "I love my new iPhone, the battery life is terrible though", None, {"likes": 40, "replies": 5}, (), ()),
    ("p04", "en", "mastodon", "https://mastodon.example/@jake/4", "mastodon:jake@mastodon.example", "2026-02-10T12:00", "Apple support was great and I adore the new watch", None, {"likes": 3}, (), ()),
    ("p05", "en", "mastodon", "https://mastodon.example/@mike/5", "mastodon:mike@mastodon.example", "2026-02-17T12:00", "My iphone case broke. Love the colour though, apple should fix it", None, {}, (), ()),
    ("p06", "fr", "mastodon", "https://mastodon.example/@mike/6", "mastodon:mike@mastodon.example", "2026-03-02T09:00", "Orange a encore coupé ma ligne. Service client Orange nul.", None, {"shares": 7}, (), ("orange",)),
    ("p07", "fr", "web", "https://blog.example.fr/petit-dejeuner", "web:blog.example.fr/camille", "2026-03-09T07:00", "Un jus d'orange et des crèmes pour bien commencer", None, {}, (), ()),
    ("p08", "en", "web", "https://www.deals.example.com/nivea", "mastodon:jake@mastodon.example", "2026-03-16T18:00", "#ad Thanks Nivea for the cream, use code JAKE10 #sponsored", None, {"likes": 100}, ("ad", "sponsored"), ()),
    ("p09", "fr", "web", "https://blog.example.fr/astuce", "web:blog.example.fr/camille", "2026-03-31T23:00", "J'utilise ma crème Nivea pour cirer mes chaussures, été comme hiver #Été", 4.0, {}, ("été",), ()),
    ("p10", "en", "web", "https://music.example.org/review", None, "2026-04-01T00:30", "Saw Arctic Monkeys last night, amazing show, must see", 5.0, {}, (), ()),
    ("p11", "fr", "web", "https://shop.example.fr/magasin", "web:shop.example.fr/karim", "2026-04-15T15:00", "Recommandation du magasin : les recommandations valent le détour", 4.5, {}, (), ()),
    ("p12", "de", "web", "https://blog.example.de/nivea", None, "2026-04-20T15:00", "Ich liebe Nivea Creme", None, {}, (), ()),
    ("p13", "en", "web", "https://notes.example.org/tents", None, None, "Undated note about tents and the Quechua pop-up tent", None, {}, (), ()),
]

POSTS = [
    Post(
        id=f"web:{pid}", platform=platform, url=url, author_id=author, published_at=_at(published) if published else None, lang=lang,
        text=text, rating=rating, rating_max=5.0 if rating is not None else None, metrics=metrics, hashtags=hashtags, mentions=handles,
        kind="review" if rating is not None else "post",
    )
    for pid, lang, platform, url, author, published, text, rating, metrics, hashtags, handles in _POSTS
]

# (post, brands, signals above threshold, sentiment, talents)
_ANALYSES = [
    ("p01", ["loreal"], ["recommendation"], "positive", []),
    ("p02", ["loreal"], [], "negative", []),
    ("p03", ["apple"], [], "mixed", []),
    ("p04", ["apple"], [], "positive", []),
    ("p05", ["apple"], [], "mixed", []),
    ("p06", ["orange"], [], "negative", []),
    ("p08", ["nivea"], ["sponsored", "promotional"], "neutral", []),
    ("p09", ["nivea"], ["deviant_use"], "neutral", []),
    ("p10", [], ["talent_endorsement"], "positive", ["arctic-monkeys"]),
    ("p12", ["nivea"], [], "positive", []),
]


def analyses() -> list[PostAnalysis]:
    result = []
    for pid, brands, signals, sentiment, talents in _ANALYSES:
        post_id = f"web:{pid}"
        mentions = tuple(
            Mention(id=f"{post_id}-{b}", watch=WATCH, post_id=post_id, brand_id=b, surface=b, start=0, end=1, method="name", confidence=0.9, component="t", version="1")
            for b in brands
        )
        records = [Signal(id=f"{post_id}-{k}", watch=WATCH, post_id=post_id, subject_id=None, kind=k, score=0.9, detector="t", version="1") for k in signals if k != "talent_endorsement"]
        records += [Signal(id=f"{post_id}-t-{t}", watch=WATCH, post_id=post_id, subject_id=t, kind="talent_endorsement", score=0.9, detector="t", version="1") for t in talents]
        records.append(Signal(id=f"{post_id}-s", watch=WATCH, post_id=post_id, subject_id=None, kind="sentiment", score=0.8, label=sentiment, detector="t", version="1"))
        lang = next(p.lang for p in POSTS if p.id == post_id)
        result.append(PostAnalysis(post_id, WATCH, lang, mentions, tuple(records), "t", "1"))
    return result


def load(store) -> None:
    store.save_authors(AUTHORS)
    store.save_posts(POSTS)
    store.save_analyses(analyses())
