"""The editorial workflow: review steps, the state machine, revisions, previews and the audit trail.

What the admin, bulk actions and importers call:

- `transition(article, action, user, comment=..., acknowledged=..., reason=...)`: the one
  state machine (machine.py); raises `TransitionError` with the reason.
- `available(article, user)`: the actions a user may take now.
- `record(article, action, user=None, comment="")`: an audit event for writes
  that do not go through a transition (importers: action "import").
- `revisions.save()` / `revisions.propose()`: saves with a revision, and a
  change to a live article kept for review.

The models (ReviewStep, ArticleEvent, RevisionInfo) are in models.py.
"""

__all__ = ["Action", "TransitionError", "available", "bulk", "can_publish", "record", "transition"]


def __getattr__(name):
    # news.models imports workflow.models while models load; the machine
    # (which imports news.models) is loaded on first use.
    if name in __all__:
        from . import machine

        return getattr(machine, name)
    raise AttributeError(name)
