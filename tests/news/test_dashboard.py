"""The admin index as the newsroom's dashboard."""

import re
from datetime import datetime, time, timedelta

from django.utils import timezone

from news.models import DailyViews
from tests.factories import make_article, make_user


def _midnight():
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def _count(page, label):
    match = re.search(r"<strong>(\d+)</strong><span>" + label, page)
    return int(match[1]) if match else None


def test_dashboard_counts_what_went_live(client, db):
    now = timezone.now()
    make_article("今天早上的稿件", when=_midnight() + timedelta(minutes=1) - now)
    make_article("三天前的稿件", when=timedelta(days=-3))
    make_article("上个月的稿件", when=timedelta(days=-30))
    make_article("明天定时发布", when=timedelta(days=1))
    make_article("还是草稿", published=False)
    client.force_login(make_user(group="编辑"))
    page = client.get("/admin/").content.decode()
    assert _count(page, "今日发布") == 1
    assert _count(page, "近 7 天发布") == 2
    assert _count(page, "定时发布待上线") == 1


def test_dashboard_draws_the_sites_views_of_30_days(client, db):
    first, second = make_article(), make_article()
    today = timezone.localdate()
    DailyViews.objects.create(article=first, date=today, views=40)
    DailyViews.objects.create(article=second, date=today, views=2)
    DailyViews.objects.create(article=second, date=today - timedelta(days=3), views=7)
    DailyViews.objects.create(article=second, date=today - timedelta(days=40), views=1000)  # outside the window
    client.force_login(make_user(group="编辑"))
    page = client.get("/admin/").content.decode()
    assert "全站浏览（最近 30 天）" in page
    assert "最近 30 天共 49 次，单日最多 42 次" in page
    # One bar a day, the busiest the tallest.
    assert page.count('<rect x="') == 30


def test_staff_without_article_permission_sees_no_figures(client, db):
    make_article("今天的稿件")
    client.force_login(make_user())
    page = client.get("/admin/").content.decode()
    assert "发布情况" not in page and "全站浏览" not in page


def test_my_articles_panel_lists_the_writers_latest_with_their_status(client, db):
    from tests.pages import parse, text

    writer = make_user(group="编辑")
    make_article("我的草稿", published=False, created_by=writer)
    make_article("我的已发布稿", created_by=writer)
    make_article("别人的稿件", created_by=make_user(group="编辑"))
    client.force_login(writer)
    panel = parse(client.get("/admin/")).select_one("#my-articles")
    rows = [[text(cell) for cell in row.select("td")[:2]] for row in panel.select("tbody tr")]
    assert rows == [["我的已发布稿", "已发布"], ["我的草稿", "草稿"]]
    assert panel.select_one(".status-label.status-draft") is not None


def test_recent_imports_panel_shows_counts_and_errors(client, db):
    from news.models import ImportRun
    from tests.pages import parse, text

    ImportRun.objects.create(inputs=["feeds.csv"], status=ImportRun.Status.DONE, counts={"created": 3, "failed": 0})
    ImportRun.objects.create(
        inputs=["old-site.xml"],
        status=ImportRun.Status.FAILED,
        counts={"created": 1, "failed": 2},
        errors="第 7 条：缺少标题",
    )
    client.force_login(make_user(group="编辑"))
    panel = parse(client.get("/admin/")).select_one("#recent-imports")
    rows = [text(row) for row in panel.select("tbody tr")]
    assert "old-site.xml" in rows[0] and "有失败" in rows[0] and "新建 1" in rows[0] and "失败 2" in rows[0]
    assert "第 7 条：缺少标题" in rows[0]
    assert "feeds.csv" in rows[1] and "完成" in rows[1] and "新建 3" in rows[1]


def test_recent_imports_panel_says_so_when_nothing_was_imported(client, db):
    from tests.pages import parse, text

    client.force_login(make_user(group="编辑"))
    assert "还没有后台导入" in text(parse(client.get("/admin/")).select_one("#recent-imports"))
