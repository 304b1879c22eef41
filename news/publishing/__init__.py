"""Publishing side effects: the moment an article reaches (or leaves) readers, and what follows.

`events` derives "published / updated / withdrawn" from the article's own
state, whatever wrote it (admin, workflow, import, the clock), and records
each occasion once (a unique constraint). `effects` are the small classes
that act on an event (search-engine push, CDN purge, thumbnails, reindex);
`tasks` runs them in the background worker, retried with backoff.
docs/publishing.md describes the whole.
"""
