"""Site search: films, people, critics and published reviews, behind one interface.

`reviews.search.results.search(query, page=...)` is the only entry point. Two engines answer it:
`postgres` (full-text vectors in the ORM with GIN indexes, pg_trgm for typos) in production, and
`sqlite` (FTS5 word tables and a trigram table) for the embedded default. `index` keeps both up
to date after each commit; `text` is what both agree a word is.
"""
