"""Signals of the news app.

`articles_changed` is sent after bulk writes that bypass Model.save() and so
send no post_save (importers' batches, the benchmark generator, admin bulk
actions): receivers such as the search index refresh these articles.
"""

from django.dispatch import Signal

# Keyword arguments: ids (a list of Article primary keys).
articles_changed = Signal()
