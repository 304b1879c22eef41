"""The editor's day in a real browser: a 编辑 writes and submits, a 主编 reviews and publishes.

Screenshots of the dashboard, the list and the form at 1280 px (and the
dashboard at 1024 px) are kept in tests/screenshots/; with DOCS_SCREENSHOTS=1
the 1280 px ones are also written to docs/img/ for the README.
"""

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from news.models import Article, DailyViews, ImportRun
from tests.browser.conftest import SCREENSHOTS, login
from tests.browser.test_editor import pick_autocomplete
from tests.factories import make_article, make_category, make_user, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
TITLE = "高新区首批低空经济应用场景发布 三家企业拿到试飞许可"


def newsroom():
    """A newsroom with a week behind it: published articles, their views, an import run."""
    category = make_category("园区动态", slug="parks")
    today = timezone.localdate()
    for number, title in enumerate(["滨江新桥今天通车", "科创园新开一条公交线", "人才公寓第二批开始申请"]):
        article = make_article(title, category=category, when=timedelta(days=-number, hours=-1))
        for day in range(10):
            DailyViews.objects.create(article=article, date=today - timedelta(days=day), views=30 + 7 * day - number)
    ImportRun.objects.create(
        inputs=["feeds/binjiang.xml"],
        status=ImportRun.Status.DONE,
        total=12,
        done=12,
        counts={"created": 9, "updated": 2, "unchanged": 1},
        created_by="laozhang",
        finished_at=timezone.now(),
    )


def shoot(page, name, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("DOCS_SCREENSHOTS") and width == 1280:
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS_IMG / f"{name}.png")


def published_today(page):
    return int(page.locator(".dashboard-counts li:has-text('今日发布') strong").inner_text())


def new_page(browser, live_server, width=1280):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_writer_submits_and_chief_editor_publishes(browser, live_server, tmp_path):
    newsroom()
    writer = make_user("xiaowang", group="编辑")
    chief = make_user("laozhang", group="主编")

    context, page = new_page(browser, live_server)
    login(page, writer.username)
    page.click("#my-articles a:has-text('写新稿件')")
    page.fill("#id_title", TITLE)
    pick_autocomplete(page, "category", "园区动态")
    page.locator(".ck-editor__editable").first.click()
    page.keyboard.type("高新区今天发布首批低空经济应用场景清单，涵盖物流配送、应急救援和城市巡检。")
    cover = tmp_path / "cover.png"
    cover.write_bytes(png_bytes(size=(800, 450), color=(40, 110, 170)))
    page.set_input_files("#id_cover", str(cover))
    page.click("button.workflow-save")
    page.wait_for_selector(".messagelist .success")
    assert page.locator("#workflow-side .workflow-state").inner_text() == "草稿"
    page.click("button.workflow-submit")
    page.wait_for_selector(".messagelist .success")
    side = page.locator("#workflow-side")
    assert side.locator(".workflow-state").inner_text() == "待审"
    assert "当前环节：主编审核" in side.inner_text()
    # Waiting for the 主编: the writer has no button left to press.
    assert side.locator("button[form=workflow-form]").count() == 0
    page.goto("/admin/")
    cells = page.locator("#my-articles tbody tr").first.locator("td")
    assert [cell.inner_text().strip() for cell in cells.all()[:2]] == [TITLE, "待审"]
    context.close()

    context, page = new_page(browser, live_server)
    login(page, chief.username)
    assert "1 篇等待我审核" in page.locator("#workflow-counts").inner_text()
    before = published_today(page)
    shoot(page, "dashboard", 1280)
    page.click("#workflow-counts a:has-text('待审稿件')")
    page.wait_for_selector("#result_list")
    assert page.locator("#result_list tbody tr").count() == 1
    assert page.locator("#result_list .status-label").inner_text() == "待审"
    assert page.locator("#result_list .field-cover_thumbnail img").count() == 1
    shoot(page, "article-list", 1280)
    page.click(f"#result_list a:has-text('{TITLE}')")
    page.wait_for_selector(".ck-editor__editable")
    side = page.locator("#workflow-side")
    assert [button.inner_text() for button in side.locator("button[form=workflow-form]").all()] == [
        "审核通过",
        "退回",
        "发布",
    ]
    # The side column sits beside the form, not under it.
    form_box, side_box = page.locator(".article-main").bounding_box(), side.bounding_box()
    assert side_box["x"] >= form_box["x"] + form_box["width"] and side_box["y"] < form_box["y"] + 200
    shoot(page, "article-form", 1280)
    page.click("button.workflow-approve")
    page.wait_for_selector(".messagelist .success")
    assert page.locator("#workflow-side .workflow-state").inner_text() == "已发布"
    page.goto("/admin/")
    assert published_today(page) == before + 1
    assert "0 篇等待我审核" in page.locator("#workflow-counts").inner_text()
    context.close()

    article = Article.objects.get(title=TITLE)
    assert article.is_published() and article.created_by == writer

    context, page = new_page(browser, live_server, width=1024)
    login(page, chief.username)
    shoot(page, "dashboard", 1024)
    # The panels, the list and the form with its side column fit the tablet's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    page.goto("/admin/news/article/")
    shoot(page, "article-list", 1024)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    page.goto(f"/admin/news/article/{article.pk}/change/")
    page.wait_for_selector(".ck-editor__editable")
    shoot(page, "article-form", 1024)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    # The editor, toolbar included, stays inside the form's column and keeps a useful width.
    editor, main = page.locator(".ck-editor").first.bounding_box(), page.locator(".article-main").bounding_box()
    assert editor["x"] + editor["width"] <= main["x"] + main["width"] and editor["width"] >= 450
    reader = context.new_page()
    assert reader.goto(article.get_absolute_url()).status == 200
    assert reader.locator("h1").inner_text() == TITLE
    context.close()
