"""The common record type every format reader yields, and the errors they raise."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime


class ImportFileError(Exception):
    """A whole input cannot be imported (malformed, hostile, unreadable): nothing of it is written."""


class RecordError(ValueError):
    """One record cannot be imported; the message says why, in Chinese."""


FINGERPRINTED = (
    "title",
    "body",
    "summary",
    "author",
    "responsible_editor",
    "tags",
    "source_name",
    "source_website",
    "original_url",
    "cover_url",
    "published",
    "is_recommended",
    "is_headline",
    "base_url",
)


@dataclass
class Record:
    """One article as a reader found it, before it is mapped onto our models.

    `origin` and `position` ("第 12 行", "第 3 条", "GUID …") name the record in
    every message about it. `category_candidates` are names or slugs in the
    order the source gives them; the first that matches one of ours wins.
    """

    origin: str
    position: str
    title: str = ""
    body: str = ""
    import_key: str = ""
    summary: str = ""
    author: str = ""
    # 责任编辑, where the source names one (saved pages do).
    responsible_editor: str = ""
    published_at: datetime | None = None
    category_candidates: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    source_name: str = ""
    source_website: str = ""
    original_url: str = ""
    cover_url: str = ""
    # Whether the article was public where it came from; --publish publishes only these.
    published: bool = True
    is_recommended: bool = False
    is_headline: bool = False
    # Base for relative links and image URLs in the body and the cover.
    base_url: str = ""
    # What the reader had to guess (a date it could not read): reported as warnings.
    warnings: list = field(default_factory=list)

    def fingerprint(self, context=""):
        """A digest of everything the source says about this record (and of `context`, the options
        that shape the article): equal fingerprints mean the source did not change it."""
        fields = {name: getattr(self, name) for name in FINGERPRINTED}
        fields["published_at"] = self.published_at.isoformat() if self.published_at else ""
        fields["category_candidates"] = [repr(ref) for ref in self.category_candidates]
        data = json.dumps([context, fields], ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()

    def key(self):
        """The stable import key: the one given, else the original URL, else a digest of title and date."""
        if self.import_key:
            return self.import_key[:500]
        if self.original_url:
            return self.original_url[:500]
        stamp = self.published_at.isoformat() if self.published_at else ""
        digest = hashlib.sha256(f"{self.title}\n{stamp}".encode()).hexdigest()[:32]
        return f"title-date:{digest}"


@dataclass
class Failure:
    """A record a reader could not make sense of: reported, and the run goes on."""

    origin: str
    position: str
    reason: str


@dataclass
class Skip:
    """A record deliberately left out (a WordPress page, a menu item, a trashed post)."""

    origin: str
    position: str
    reason: str


@dataclass
class FileNote:
    """What a warning about a whole file (a repair made to read it) is reported against."""

    origin: str
    position: str = ""


@dataclass
class CategoryRef:
    """A category as a source names it: a name, and a slug when the source has one."""

    name: str
    slug: str = ""
    parent: "CategoryRef | None" = None

    def __str__(self):
        return self.name or self.slug
