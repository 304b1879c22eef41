"""What the import command promises: idempotent, safe, honest about what it did."""

import json

import pytest
from django.core.files.storage import default_storage

from news import search
from news.models import Article
from news.signals import articles_changed
from news.workflow.models import RevisionInfo
from portal.caching import versions
from tests.factories import make_article, make_category


@pytest.fixture
def parks(db):
    make_category(name="民生服务", slug="livelihood")
    return make_category(name="园区动态", slug="parks")


def write_jsonl(path, *records):
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return str(path)


def record(number, **fields):
    return {
        "import_key": f"t:{number}",
        "title": f"第{number}篇导入测试",
        "body": f"<p>第{number}篇的正文，写的是园区的事。</p>",
        "category": "parks",
        "published_at": "2021-04-19 10:20",
        **fields,
    }


def test_bad_records_are_named_and_the_others_imported(site, run_import, parks):
    result = run_import(site.path("articles.jsonl"))

    assert result.code == 1
    assert Article.objects.count() == 3
    assert "articles.jsonl 第 3 行：JSON 格式错误" in result.err
    assert "articles.jsonl 第 4 行：缺少标题" in result.err
    assert "Traceback" not in result.err
    assert "新建 3 · 更新 0 · 未变 0 · 跳过 0 · 失败 2" in result.out


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("articles.jsonl", []),
        ("articles.csv", []),
        ("articles-gbk.csv", []),
        ("feed.rss", []),
        ("wordpress.xml", ["--create-categories"]),
        ("pages/hepan-88.html", ["--category", "parks"]),
    ],
)
def test_running_again_creates_nothing(site, run_import, parks, name, options):
    make_category(name="绿色能源", slug="energy")
    make_category(name="教育科研", slug="education")
    first = run_import(site.path(name), *options)
    before = list(Article.objects.order_by("pk").values_list("pk", "title", "body", "cover", "updated_at"))

    second = run_import(site.path(name), *options)

    assert (
        before
        and list(Article.objects.order_by("pk").values_list("pk", "title", "body", "cover", "updated_at")) == before
    )
    assert "新建 0 · 更新 0" in second.out
    assert f"未变 {len(before)}" in second.out
    assert first.code == second.code


REVISED_BODY = "<p>修订后的正文。</p>" + "<p>后面还有几段补充，讲园区的新变化。</p>" * 8


def test_update_refreshes_changed_records_only(tmp_path, run_import, parks):
    path = write_jsonl(tmp_path / "a.jsonl", record(1), record(2), record(3, tags=["旧标签"]))
    run_import(path)
    untouched = Article.objects.get(import_key="t:1").updated_at

    write_jsonl(
        tmp_path / "a.jsonl",
        record(1),
        record(2, title="第2篇导入测试（修订）", body=REVISED_BODY),
        record(3, tags=["新标签"]),
    )
    without = run_import(path)
    assert "未变 1 · 跳过 2" in without.out
    assert Article.objects.get(import_key="t:2").title == "第2篇导入测试"

    result = run_import(path, "--update")

    assert "新建 0 · 更新 2 · 未变 1" in result.out
    revised = Article.objects.get(import_key="t:2")
    assert revised.title == "第2篇导入测试（修订）"
    assert revised.body == REVISED_BODY
    assert revised.summary.startswith("修订后的正文。后面还有几段补充")  # derived from the new body
    assert list(Article.objects.get(import_key="t:3").tags.names()) == ["新标签"]
    assert Article.objects.get(import_key="t:1").updated_at == untouched
    assert Article.objects.count() == 3


def test_update_keeps_editorial_choices(tmp_path, run_import, parks):
    path = write_jsonl(tmp_path / "a.jsonl", record(1))
    run_import(path)
    Article.objects.filter(import_key="t:1").update(status=Article.Status.PUBLISHED, is_headline=True)

    write_jsonl(tmp_path / "a.jsonl", record(1, body="<p>改过的正文。</p>"))
    run_import(path, "--update")

    article = Article.objects.get(import_key="t:1")
    assert article.body == "<p>改过的正文。</p>"
    assert article.status == Article.Status.PUBLISHED
    assert article.is_headline


def test_existing_article_with_the_same_original_url_is_not_duplicated(tmp_path, run_import, parks):
    make_article(title="手工录入的转载", original_url="https://news.example.com/a/1.html", category=parks)
    path = write_jsonl(tmp_path / "a.jsonl", record(1, original_url="https://news.example.com/a/1.html"))

    result = run_import(path)

    assert Article.objects.count() == 1
    assert "新建 0" in result.out


def test_imports_are_drafts_unless_published(tmp_path, run_import, parks):
    path = write_jsonl(tmp_path / "a.jsonl", record(1), record(2, status="draft"))
    run_import(path)
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}
    assert not Article.objects.published().exists()

    Article.objects.all().delete()
    run_import(path, "--publish")

    published = Article.objects.published().get()
    assert published.import_key == "t:1"
    assert published.published_at.isoformat() == "2021-04-19T02:20:00+00:00"
    assert Article.objects.get(import_key="t:2").status == Article.Status.DRAFT


def test_dry_run_writes_nothing(site, run_import, parks):
    result = run_import(site.path("articles.json"), "--create-categories", "--dry-run")

    assert "试运行" in result.out and "新建 2" in result.out
    assert Article.objects.count() == 0
    assert not parks.children.exists()
    assert not default_storage.exists("covers")


def test_atomic_run_with_a_failure_writes_nothing(site, run_import, parks):
    result = run_import(site.path("articles.jsonl"), "--atomic")

    assert result.code == 1
    assert "未写入任何内容" in result.err
    assert Article.objects.count() == 0


def test_atomic_run_without_failures_writes_everything(site, run_import, parks):
    result = run_import(site.path("articles-gbk.csv"), site.path("articles.json"), "--atomic", "--create-categories")

    assert result.code == 0, result.err
    assert Article.objects.count() == 4


def test_a_record_the_database_refuses_fails_alone(tmp_path, run_import, parks):
    # Two keys, one original address: the batch insert fails, then each record is tried alone.
    path = write_jsonl(
        tmp_path / "a.jsonl",
        record(1),
        record(2, original_url="https://news.example.com/same.html"),
        record(3, original_url="https://news.example.com/same.html"),
        record(4),
    )

    result = run_import(path)

    assert result.code == 1
    assert sorted(Article.objects.values_list("import_key", flat=True)) == ["t:1", "t:2", "t:4"]
    assert "a.jsonl 第 3 行：原文链接已被另一篇文章使用" in result.err


def test_small_batches(tmp_path, run_import, parks):
    path = write_jsonl(tmp_path / "a.jsonl", *(record(n, tags=["批量", f"第{n % 3}组"]) for n in range(23)))

    result = run_import(path, "--batch-size", "5")

    assert "新建 23" in result.out
    assert Article.objects.filter(tags__name="批量").count() == 23
    assert Article.objects.filter(tags__name="第1组").count() == 8


def test_each_article_of_a_batch_gets_its_own_tags_history_and_search_entry(
    tmp_path, run_import, parks, django_capture_on_commit_callbacks
):
    # Rows inserted in one go, ids read back by import key: nothing of one article may land on another.
    make_article("已有的文章", category=parks, body="<p>早先写好的一篇。</p>")  # new ids do not start at 1
    numbers = [5, 3, 9, 1]
    path = write_jsonl(tmp_path / "a.jsonl", *(record(n, tags=[f"第{n}号标签"], category="parks") for n in numbers))

    with django_capture_on_commit_callbacks(execute=True):
        result = run_import(path, "--publish")

    assert "新建 4" in result.out, result.err
    for n in numbers:
        article = Article.objects.get(import_key=f"t:{n}")
        assert article.title == f"第{n}篇导入测试"
        assert list(article.tags.names()) == [f"第{n}号标签"]
        assert RevisionInfo.objects.get(article=article).tags == f"第{n}号标签"
        assert list(search.search(f"第{n}篇", Article.objects.published()).ids) == [article.pk]


def test_unknown_category_fails_with_a_hint(tmp_path, run_import, parks):
    path = write_jsonl(tmp_path / "a.jsonl", record(1, category="不存在的栏目"), record(2))

    result = run_import(path)

    assert "栏目“不存在的栏目”不存在：用 --category 指定，或加 --create-categories 创建" in result.err
    assert list(Article.objects.values_list("import_key", flat=True)) == ["t:2"]
    run_import(path, "--default-category", "livelihood")
    assert Article.objects.get(import_key="t:1").category.slug == "livelihood"


def test_category_and_source_options_override(site, run_import, parks):
    from tests.factories import make_source

    own = make_source(name="本站")
    run_import(site.path("feed.rss"), "--category", "parks", "--source", "本站", "--no-images")

    assert set(Article.objects.values_list("category", "source")) == {(parks.pk, own.pk)}


def test_bad_arguments_are_command_errors(run_import, parks):
    assert "栏目“nope”不存在" in run_import("x.jsonl", "--category", "nope").err
    assert "文件不存在" in run_import("/nonexistent/file.jsonl").err
    refused = run_import("file:///etc/passwd")
    assert refused.code == 1 and "只支持 http 和 https" in refused.err


def test_http_errors_are_one_clear_line(site, run_import, parks):
    result = run_import(f"{site.url}/no-such-feed.rss")

    assert result.code == 1
    assert result.err.count("\n") == 1 and "HTTP 404" in result.err


def test_bulk_writes_refresh_caches_and_receivers(tmp_path, run_import, parks, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, ids, **kwargs):
        received.extend(ids)

    articles_changed.connect(receiver)
    version = versions()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run_import(write_jsonl(tmp_path / "a.jsonl", record(1), record(2)))
    finally:
        articles_changed.disconnect(receiver)

    assert sorted(received) == sorted(Article.objects.values_list("pk", flat=True))
    assert versions() != version


def test_verbosity(tmp_path, run_import, parks):
    path = write_jsonl(tmp_path / "a.jsonl", record(1))
    assert run_import(path, "--verbosity", "0").out == ""
    assert "未变 t:1" not in run_import(path, "--verbosity", "2").out
    assert "第 1 行 第1篇导入测试" in run_import(path, "--verbosity", "2").out


def test_an_interrupted_run_keeps_committed_batches_and_resumes(tmp_path, run_import, parks):
    from news.importers import Importer, ImportOptions, Report
    from news.importers.schema import record_from_mapping

    def interrupted():
        for number in range(5):
            yield record_from_mapping(record(number), "a.jsonl", f"第 {number + 1} 行")
        raise KeyboardInterrupt  # as Ctrl-C would, while the third batch is being read

    importer = Importer(ImportOptions(batch_size=2), Report())
    with pytest.raises(KeyboardInterrupt):
        importer._write(interrupted())

    assert sorted(Article.objects.values_list("import_key", flat=True)) == ["t:0", "t:1", "t:2", "t:3"]
    result = run_import(write_jsonl(tmp_path / "a.jsonl", *(record(number) for number in range(5))))
    assert "新建 1 · 更新 0 · 未变 4" in result.out
