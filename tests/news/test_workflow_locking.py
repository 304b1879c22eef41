"""Optimistic locking under real concurrency: two saves of one article posted at the same instant."""

import threading
import time

import pytest
from bs4 import BeautifulSoup
from django.db import connection, transaction
from django.test import Client

from news.models import Article
from news.workflow.models import RevisionInfo
from news.workflow.revisions import history
from tests.factories import make_article, make_editor_groups
from tests.news.test_workflow import change_url, form_of, live_article, messages_of
from tests.threads import run_in_threads

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _editor_groups(transactional_db):
    make_editor_groups()


def waiting_on_locks():
    """PostgreSQL: how many sessions of the test database wait for a lock now."""
    with connection.cursor() as cursor:
        # Inside a transaction the statistics views are a snapshot: take a new one each time.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def post_at_once(article, posts):
    """Post each (user, form) to the article's change page from its own thread, at the same instant.

    This thread holds the article's row (PostgreSQL: FOR UPDATE; SQLite: the
    write lock) until every request has read the article and queued on that
    lock, so the two saves pass the form's check before either writes.
    Returns the responses in the order of `posts`.
    """
    responses = [None] * len(posts)
    clients = []
    for user, _form in posts:
        clients.append(Client())
        clients[-1].force_login(user)
    started = threading.Barrier(len(posts) + 1)
    turns = iter(range(len(posts)))
    lock = threading.Lock()

    def post():
        with lock:
            n = next(turns)
        started.wait()
        responses[n] = clients[n].post(change_url(article), posts[n][1], follow=True)

    errors = []
    requests = threading.Thread(target=lambda: errors.extend(run_in_threads(post, len(posts))))
    with transaction.atomic():
        list(Article.objects.select_for_update().filter(pk=article.pk))
        requests.start()
        started.wait()
        if connection.vendor == "postgresql":
            deadline = time.monotonic() + 20
            while waiting_on_locks() < len(posts) and time.monotonic() < deadline:
                time.sleep(0.01)
            assert waiting_on_locks() == len(posts), "both saves should wait for the row, past the form's check"
        else:
            # SQLite lists no waiters: a moment lets both requests reach BEGIN IMMEDIATE.
            time.sleep(0.3)
    requests.join()
    assert errors == []
    return responses


@pytest.mark.parametrize("live", [False, True], ids=["draft", "live article, editor's change kept for review"])
def test_two_saves_at_the_same_instant_end_with_one_refused_and_nothing_lost(editor, chief_editor, live):
    article = live_article() if live else make_article("并发稿件", published=False)
    first = form_of(article, body="<p>第一位编辑的文字。</p>")
    second = form_of(article, body="<p>第二位编辑的文字。</p>")
    responses = post_at_once(article, [(editor, first), (editor, second)])

    pages = [response.content.decode() for response in responses]
    refused = [n for n, page in enumerate(pages) if "保存被拒绝" in messages_of(responses[n])]
    assert len(refused) == 1, [messages_of(response) for response in responses]
    loser = refused[0]
    loser_text, winner_text = ("第一位", "第二位") if loser == 0 else ("第二位", "第一位")
    # The revision pages mark the winner's text against the loser's, character by character.
    marks = [f"第<del>{winner_text[1]}</del>位", f"第<ins>{loser_text[1]}</ins>位"]
    page = pages[loser]
    # The refused form is shown again with its text, and links to the newer revision and to its own.
    assert f"{loser_text}编辑的文字。" in page
    soup = BeautifulSoup(page, "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".errornote a, .errorlist a")}
    assert "查看新版本" in links and "对比你的修改" in links
    newer = Client()
    newer.force_login(chief_editor)
    for link in (links["查看新版本"], links["对比你的修改"]):
        page = newer.get(link).content.decode()
        assert all(mark in page for mark in marks)

    # The winner's text is saved (or waits for review, on a live article); the loser's is in the history.
    article.refresh_from_db()
    versions = list(history(article))
    kept = [v for v in versions if v.revision.info.kind == RevisionInfo.Kind.REFUSED]
    assert [f"{loser_text}编辑的文字" in v.field_dict["body"] for v in kept] == [True]
    if live:
        assert article.revision_state == "pending"
        pending = next(v for v in versions if v.revision_id == article.pending_revision_id)
        assert f"{winner_text}编辑的文字" in pending.field_dict["body"]
    else:
        assert f"{winner_text}编辑的文字" in article.body
