"""The one state machine of the editorial workflow.

    草稿/已退回 --submit--> 待审 --approve--> (next step) 待审 --approve at the last step--> 已发布 (or 定时发布)
    待审 --return--> 已退回;  草稿/待审/已退回 --publish--> 已发布
    已发布 --withdraw--> 已撤稿 --restore--> 已发布

A live article that has a pending change (`revision_state`) walks submit /
approve / return on that change instead: the last approval copies the change
onto the live row. Every way in (the admin form, bulk actions, crafted POSTs,
importers) calls `transition()`, which checks the permission on the server,
runs the compliance check, saves with a revision and records an ArticleEvent.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from news.compliance import check_article
from news.compliance.matcher import Level
from news.models import Article

from . import revisions, steps
from .models import ArticleEvent

Status = Article.Status
Action = ArticleEvent.Action
PUBLISH_PERMISSION = "news.publish_article"

# action: (statuses it starts from, status it leads to; None = decided by the step)
TRANSITIONS = {
    Action.SUBMIT: ({Status.DRAFT, Status.RETURNED}, Status.PENDING),
    Action.APPROVE: ({Status.PENDING}, None),
    Action.RETURN: ({Status.PENDING}, Status.RETURNED),
    Action.PUBLISH: ({Status.DRAFT, Status.PENDING, Status.RETURNED}, Status.PUBLISHED),
    Action.WITHDRAW: ({Status.PUBLISHED}, Status.WITHDRAWN),
    Action.RESTORE: ({Status.WITHDRAWN}, Status.PUBLISHED),
}
# Transitions that a pending change of a live article walks.
REVISION_ACTIONS = {Action.SUBMIT, Action.APPROVE, Action.RETURN}
# Transitions that let text reach readers: a 禁用 word blocks them.
CHECKED_ACTIONS = {Action.SUBMIT, Action.APPROVE, Action.PUBLISH, Action.RESTORE}


class TransitionError(Exception):
    """A transition that is not allowed: the message says why, in the editor's words."""


# Why a transition or restore is refused when another save was written after the article was read.
SAVED_MEANWHILE = _lazy("这篇文章刚被别人保存过：请看过最新版本后再操作。")


def can_publish(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def on_revision(article, action):
    """Does `action` act on the pending change of a live article rather than on the article?"""
    if article.status != Status.PUBLISHED or action not in REVISION_ACTIONS:
        return False
    # A returned change may be submitted again; a pending one approved or returned.
    return article.revision_state == ("returned" if action == Action.SUBMIT else "pending")


def candidate(article):
    """What readers would see after the transition: the pending change, or the article itself."""
    if article.revision_state and article.pending_revision_id:
        return revisions.proposed_copy(article) or article
    return article


def blocking_hits(article):
    return check_article(article, levels=[Level.BLOCK])


def review_hits(article):
    """What a reviewer must acknowledge: 审核 words, and a reprint from a source not on the approved list."""
    hits = [str(hit) for hit in check_article(article, levels=[Level.REVIEW])]
    if article.source_id and article.is_unapproved_reprint():
        hits.append(_("转载自非可转载稿源“%(source)s”") % {"source": article.source})
    return hits


def allowed(article, action, user):
    """Why `user` may not take `action` on `article` ("" when they may): permission and state only."""
    if not user.is_active or not user.has_perm("news.change_article"):
        return _("你没有修改文章的权限。")
    starts, _target = TRANSITIONS[action]
    if article.status == Status.PUBLISHED and action in REVISION_ACTIONS and not on_revision(article, action):
        return (
            _("这篇文章没有待审的修改。")
            if action != Action.SUBMIT
            else _("修改已发布的文章请直接保存，修改会提交审核。")
        )
    if not on_revision(article, action) and article.status not in starts:
        return _("“%(status)s”的文章不能%(action)s。") % {"status": article.status_label, "action": action.label}
    if action in (Action.APPROVE, Action.RETURN):
        step = steps.current_step(article)
        if not steps.holds(user, step):
            return _("“%(step)s”环节由“%(group)s”组审核，你不能%(action)s。") % {
                "step": step.name,
                "group": step.group_name,
                "action": action.label,
            }
    if action in (Action.PUBLISH, Action.WITHDRAW, Action.RESTORE) and not can_publish(user):
        return _("你没有发布文章的权限：发布、撤稿和恢复发布由主编操作。")
    return ""


def available(article, user):
    """The actions `user` may take on `article` now, for the buttons of the change page."""
    if article.pk is None:
        return [action for action in (Action.SUBMIT, Action.PUBLISH) if not allowed(Article(), action, user)]
    return [action for action in TRANSITIONS if not allowed(article, action, user)]


def check(article, action, user, *, acknowledged=False, reason="", comment=""):
    """Raise TransitionError when `action` may not be taken on `article` by `user`."""
    refusal = allowed(article, action, user)
    if refusal:
        raise TransitionError(refusal)
    if action == Action.RETURN and not comment.strip():
        raise TransitionError(_("退回时请写明原因，作者会在稿件上看到它。"))
    if action not in CHECKED_ACTIONS:
        return
    text = candidate(article)
    _refuse_blocked(text, action)
    if action in (Action.APPROVE, Action.PUBLISH):
        require_acknowledgement(review_hits(text), action, acknowledged, reason)


def require_acknowledgement(hits, action, acknowledged, reason):
    """Letting 审核 hits through takes the reviewer's tick and a written reason: both go into the audit trail."""
    if not hits:
        return
    if not acknowledged:
        raise TransitionError(
            _("请先勾选“已确认审核词”并填写确认理由再%(action)s：%(hits)s")
            % {"action": action.label, "hits": "；".join(hits)}
        )
    if not reason.strip():
        raise TransitionError(
            _("请填写确认理由：为什么这些内容可以%(action)s（%(hits)s）。")
            % {"action": action.label, "hits": "；".join(hits)}
        )


def _refuse_blocked(text, action):
    hits = blocking_hits(text)
    if hits:
        raise TransitionError(
            _("稿件含有禁用词，不能%(action)s：%(hits)s")
            % {"action": action.label, "hits": "；".join(str(hit) for hit in hits)}
        )


def is_proposal(article, user):
    """Is a save of `article` by `user` a change kept for review (a live article, no publishing permission)?"""
    return article.pk is not None and article.status == Status.PUBLISHED and not can_publish(user)


def check_form(article, user, *, acknowledged=False, reason=""):
    """Raise TransitionError when the admin form may not save `article` (holding the edited values)."""
    if not user.is_active or not user.has_perm("news.change_article" if article.pk else "news.add_article"):
        raise TransitionError(_("你没有修改文章的权限。"))
    if article.status == Status.PUBLISHED:
        # The text reaches readers (a publisher's edit) or goes to review (a proposal).
        _refuse_blocked(article, Action.PUBLISH if can_publish(user) else Action.SUBMIT)
        if not is_proposal(article, user):
            require_acknowledgement(new_review_hits(article), Action.PUBLISH, acknowledged, reason)


def new_review_hits(article):
    """The review hits of the edited `article` that its live text does not have (those were let through before)."""
    live = Article.objects.filter(pk=article.pk).select_related("source").first()
    before = set(review_hits(live)) if live and live.status == Status.PUBLISHED else set()
    return [hit for hit in review_hits(article) if hit not in before]


def save_edit(article, user, *, comment="", tags=None, reason=""):
    """Save the admin form's `article`: a proposal for review, or a saved revision. Returns the event.

    `reason`: why the publisher lets the edit's new 审核 hits go live (check_form asked for it).
    """
    hits = new_review_hits(article) if reason and article.status == Status.PUBLISHED else []
    with transaction.atomic():
        if article.pk is None:
            revisions.save(article, user, comment, tags=tags)
            return record(article, Action.CREATE, user, comment)
        if is_proposal(article, user):
            live = Article.objects.get(pk=article.pk)
            revisions.propose(live, article, user, comment, tags=tags or "")
            article.pending_revision_id, article.revision_state = live.pending_revision_id, live.revision_state
            article.review_step, article.edit_version = live.review_step, live.edit_version
            step = steps.steps_for(live)[0].name
            return ArticleEvent.objects.create(
                article=live,
                action=Action.SUBMIT,
                user=user,
                comment=comment,
                step=step,
                on_revision=True,
                from_status=live.status,
                to_status=live.status,
            )
        action = Action.EDIT
        if article.revision_state:
            # A publisher's save of the form holding the pending change: edit and approve.
            article.pending_revision, article.revision_state, article.review_step = None, "", 0
            action = Action.APPROVE
        if article.correction and not article.corrected_at:
            article.corrected_at = timezone.now()
        revisions.save(article, user, comment, tags=tags)
        if hits:
            _record_acknowledgement(article, user, reason.strip(), hits=hits)
        return ArticleEvent.objects.create(
            article=article,
            action=action,
            user=user,
            comment=comment,
            on_revision=action == Action.APPROVE,
            from_status=article.status,
            to_status=article.status,
        )


def transition(article, action, user, *, comment="", acknowledged=False, reason=""):
    """Take `action` on `article` as `user`; returns the ArticleEvent recorded.

    `acknowledged` and `reason`: the reviewer lets 审核 hits through, and says why.
    """
    action = Action(action)
    reason = reason.strip()
    check(article, action, user, acknowledged=acknowledged, reason=reason, comment=comment)
    try:
        with transaction.atomic():
            before = article.status
            if on_revision(article, action):
                event = _revision_transition(article, action, user, comment, reason if acknowledged else "")
            else:
                event = _article_transition(article, action, user, comment, reason if acknowledged else "")
            event.from_status = before
            event.to_status = article.status
            event.save()
    except revisions.EditConflict:
        raise TransitionError(SAVED_MEANWHILE) from None
    return event


def _article_transition(article, action, user, comment, reason):
    step = steps.current_step(article)
    event = ArticleEvent(article=article, action=action, user=user, comment=comment, step=step.name)
    _starts, target = TRANSITIONS[action]
    if action == Action.SUBMIT:
        article.review_step = 0
        event.step = steps.steps_for(article)[0].name
    elif action == Action.APPROVE:
        if steps.is_last_step(article):
            target = Status.PUBLISHED
        else:
            target = Status.PENDING
            article.review_step += 1
    if target == Status.PUBLISHED:
        _sign(article, user)
        # Published now unless a later time was set (定时发布): a draft's
        # default time is when it was begun, not when it goes live.
        if action != Action.RESTORE and article.published_at < timezone.now():
            article.published_at = timezone.now()
    if target in (Status.PUBLISHED, Status.RETURNED, Status.WITHDRAWN, Status.DRAFT):
        article.review_step = 0
    article.status = target
    if reason and action in (Action.APPROVE, Action.PUBLISH):
        _record_acknowledgement(article, user, reason)
    revisions.save(article, user, f"{action.label}：{comment}" if comment else action.label)
    return event


def _revision_transition(article, action, user, comment, reason):
    step = steps.current_step(article)
    event = ArticleEvent(article=article, action=action, user=user, comment=comment, step=step.name, on_revision=True)
    if action == Action.SUBMIT:
        article.revision_state, article.review_step = "pending", 0
        _save_state(article)
    elif action == Action.RETURN:
        article.revision_state, article.review_step = "returned", 0
        _save_state(article)
    elif not steps.is_last_step(article):
        article.review_step += 1
        _save_state(article)
    else:
        apply_pending(article, user, comment, reason)
    return event


def apply_pending(article, user, comment="", reason=""):
    """Copy the pending change onto the live article (the last approval, or a publisher's own edit)."""
    version = revisions.version_of(article, article.pending_revision_id)
    revisions.apply(article, version, fields=revisions.REVIEWED_ATTNAMES)
    tags = revisions.tags_of(version)
    article.pending_revision, article.revision_state, article.review_step = None, "", 0
    if article.correction and not article.corrected_at:
        article.corrected_at = timezone.now()
    _sign(article, user)
    if reason:
        _record_acknowledgement(article, user, reason)
    revisions.save(
        article, user, _("审核通过修改：%(c)s") % {"c": comment} if comment else _("审核通过修改"), tags=tags
    )
    if tags is not None:
        article.tags.set([name.strip() for name in tags.split(",") if name.strip()], clear=True)


def _save_state(article):
    Article.objects.filter(pk=article.pk).update(revision_state=article.revision_state, review_step=article.review_step)


def _sign(article, user):
    """责任编辑 defaults to the reviewer who lets the text go live."""
    if not article.responsible_editor and user:
        article.responsible_editor = (user.get_full_name() or user.get_username())[:50]


def _record_acknowledgement(article, user, reason, hits=None):
    """The reviewer's acknowledgement of 审核 hits, with the reason they gave (the audit trail keeps both)."""
    hits = review_hits(candidate(article)) if hits is None else hits
    if hits:
        ArticleEvent.objects.create(
            article=article,
            action=Action.ACKNOWLEDGE,
            user=user,
            comment="；".join(hits),
            reason=reason,
            from_status=article.status,
            to_status=article.status,
        )


def restore(article, version, user):
    """Bring back the text of an old `version`: a pending change for a live article, else saved at once."""
    if not user.is_active or not user.has_perm("news.change_article"):
        raise TransitionError(_("你没有修改文章的权限。"))
    when = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
    comment = _("恢复 %(when)s 的版本") % {"when": when}
    old = revisions.apply(Article.objects.get(pk=article.pk), version)
    tags = revisions.tags_of(version)
    try:
        with transaction.atomic():
            if article.status == Status.PUBLISHED:
                _refuse_blocked(old, Action.SUBMIT)
                # Publishing fields stay as they are live: only review may change them.
                for name in revisions.PUBLISHER_FIELDS:
                    setattr(old, name, getattr(article, name))
                revisions.propose(article, old, user, comment, tags=tags or "")
            else:
                revisions.save(old, user, comment, tags=tags)
                if tags is not None:
                    old.tags.set([name.strip() for name in tags.split(",") if name.strip()], clear=True)
                article.refresh_from_db()
            return ArticleEvent.objects.create(
                article=article,
                action=Action.REVERT,
                user=user,
                comment=comment,
                step="",
                on_revision=article.status == Status.PUBLISHED,
                from_status=article.status,
                to_status=article.status,
            )
    except revisions.EditConflict:
        raise TransitionError(SAVED_MEANWHILE) from None


def record(article, action, user=None, comment=""):
    """Record an event that did not go through `transition()`: importers call this for each article they write.

    `record(article, "import", comment="从 feed.xml 导入")`.
    """
    return ArticleEvent.objects.create(
        article=article,
        action=Action(action),
        user=user,
        comment=comment,
        from_status=article.status,
        to_status=article.status,
    )


def delete(article, user):
    """Delete `article`, leaving a 删除 event that names it: the audit trail outlives the article."""
    with transaction.atomic():
        ArticleEvent.objects.create(
            article=article,
            action=Action.DELETE,
            user=user,
            comment=_("删除文章“%(title)s”（%(url)s，删除前为%(status)s）")
            % {"title": article.title, "url": article.get_absolute_url(), "status": article.status_label},
            from_status=article.status,
            to_status="",
        )
        article.delete()


def bulk(articles, action, user, *, comment=""):
    """`transition()` on each article; returns (done, [(article, reason)]) — the admin's bulk actions use it."""
    done, refused = [], []
    for article in articles:
        try:
            transition(article, action, user, comment=comment)
        except TransitionError as error:
            refused.append((article, str(error)))
        else:
            done.append(article)
    return done, refused
