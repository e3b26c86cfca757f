"""Storage and search: the store protocol, the embedded SQLite + tantivy store, Elasticsearch."""

from __future__ import annotations

from index.store import Store


def open_store(settings) -> Store:
    """The store the settings select: Elasticsearch when `es_url` is set, else the embedded one."""
    if settings.es_url:
        from index.elasticsearch import ElasticsearchStore

        return ElasticsearchStore(settings.es_url, prefix=settings.es_index_prefix)
    from index.embedded import EmbeddedStore

    return EmbeddedStore(settings.data_dir)
