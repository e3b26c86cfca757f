"""Spiders: one per source type. They decide what to fetch; parsers turn responses into records."""

from crawler.spiders.bluesky import BlueskySpider
from crawler.spiders.discourse import DiscourseSpider
from crawler.spiders.mastodon import MastodonSpider
from crawler.spiders.reddit import RedditSpider
from crawler.spiders.reviews import ReviewsSpider
from crawler.spiders.rss import FeedSpider
from crawler.spiders.web import WebSpider
from crawler.spiders.youtube import YoutubeSpider

SPIDERS = {"rss": FeedSpider, "reviews": ReviewsSpider, "mastodon": MastodonSpider, "bluesky": BlueskySpider, "reddit": RedditSpider, "discourse": DiscourseSpider, "youtube": YoutubeSpider, "web": WebSpider}
