"""Content compliance: word lists and what they do to an article.

The API the admin form, the workflow and the importers call:

- `check(fields)` / `check_article(article)`: the listed words in the text
  readers see, as `Hit`s (field, word, level, position, context).
- `apply_replacements(html)`: 替换 words replaced in a body's text.
- `add_keyword_links(html, max_links=N)`: 内链 keywords linked, once each.
- `current_matcher()`: the one Aho–Corasick matcher of all enabled lists,
  rebuilt when a list changes in any worker.

The lists themselves are `WordList` and `WordEntry` (models.py), loaded from
files by `wordfiles.load_words` (`manage.py load_words`).
"""

from .checks import ARTICLE_FIELDS, Hit, check, check_article
from .matcher import current_matcher
from .rewrites import add_keyword_links, apply_replacements

__all__ = [
    "ARTICLE_FIELDS",
    "Hit",
    "add_keyword_links",
    "apply_replacements",
    "check",
    "check_article",
    "current_matcher",
]
