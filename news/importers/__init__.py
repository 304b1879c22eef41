"""Importing articles from other sites and exporting ours.

One module per format (jsonl, csvfile, feeds, wxr, pages), each yielding the
common `Record`; `mapping` turns records into Articles, `writer` stores them
in batches, `run` drives a whole import. The management commands
`import_articles` and `export_articles` are thin shells over `Importer` and
`exported_articles`.
"""

from .export import article_data, exported_articles
from .formats import FORMATS
from .records import ImportFileError, Record
from .run import Importer, ImportOptions, Report

__all__ = [
    "FORMATS",
    "ImportFileError",
    "ImportOptions",
    "Importer",
    "Record",
    "Report",
    "article_data",
    "exported_articles",
]
