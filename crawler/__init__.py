"""Crawling: Scrapy spiders per source type, pure page parsers, and the validate/dedupe/store pipelines."""

NAME = "portevoix.crawler"
VERSION = "0.1.0"
