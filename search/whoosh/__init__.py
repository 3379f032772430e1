"""The Whoosh backend: everything of the search engine that knows Whoosh, and nothing else does.

backend.py is the Backend of search/api.py (engine.py: records, items.py and
similar.py: agenda items, meetings.py: meeting documents); writer.py is its
IndexWriter (with parallel.py, postings.py, writecodec.py); schema.py, store.py,
formats.py, pairs.py, mmapfiles.py, hotpostings.py, colcache.py are the index on
disk; compile.py, matching.py, docsets.py, offsets.py, hits.py, exchanges.py and
substrings.py answer a query. Whoosh's private internals are used here for
measured reasons (see each module) and only here; tests/test_imports.py checks
that no module outside this package imports Whoosh.
"""
