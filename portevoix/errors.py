"""The error tree: one base, one branch per layer, each message saying what and where."""


class PortevoixError(Exception):
    """Base of every error Porte-voix raises on purpose."""


class ConfigError(PortevoixError):
    """A settings file, environment variable or option has a bad value."""


class WatchError(ConfigError):
    """A watch file is missing, unreadable or invalid."""


class CrawlError(PortevoixError):
    """A crawl could not run (not: one bad page, which is recorded and skipped)."""


class AnalysisError(PortevoixError):
    """The analysis could not run, or an input line is malformed."""


class StoreError(PortevoixError):
    """The store cannot be opened, migrated or written."""


class QueryError(PortevoixError):
    """A search query is malformed; `column` points at the problem (1-based)."""

    def __init__(self, message: str, column: int | None = None):
        self.column = column
        super().__init__(f"{message} at column {column}" if column else message)
