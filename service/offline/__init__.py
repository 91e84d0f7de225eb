"""Annotating corpora without the HTTP server: the ``quotes`` CLI, its process pool, corpus
reading and resumable output files, and the Spark job."""
