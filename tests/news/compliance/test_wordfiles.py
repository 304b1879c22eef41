"""`manage.py load_words FILE --list NAME`: good files load, a bad line names itself and loads nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from news.compliance import check
from news.models import WordEntry, WordList
from tests.factories import make_word

pytestmark = pytest.mark.django_db
Level = WordEntry.Level

GOOD = (
    "# 本站词表\n"
    "\n"
    "敏感\n"
    "请核实\t审核\n"
    "坏词\t替换\t＊＊\n"
    "粗话\t替换\n"
    "园区\t内链\n"
    "科技\t内链\thttps://example.com/tech\n"
    "  \t  \n"
    "人才\t内链\ttag:人才政策\r\n"
    "禁词\t禁用\n"
)


def write(tmp_path, content, name="words.txt"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(path)


def load(path, *args, **options):
    out = io.StringIO()
    call_command("load_words", path, *args, stdout=out, **options)
    return out.getvalue()


def entries(name="本站"):
    return sorted(WordEntry.objects.filter(word_list__name=name).values_list("word", "level", "target"))


def test_a_good_file_loads_every_form_of_line(tmp_path):
    output = load(write(tmp_path, GOOD), "--list", "本站")
    assert entries() == [
        ("人才", Level.LINK, "tag:人才政策"),
        ("园区", Level.LINK, ""),
        ("坏词", Level.REPLACE, "＊＊"),
        ("敏感", Level.BLOCK, ""),
        ("禁词", Level.BLOCK, ""),
        ("科技", Level.LINK, "https://example.com/tech"),
        ("粗话", Level.REPLACE, ""),
        ("请核实", Level.REVIEW, ""),
    ]
    assert "词表“本站”：新建词表，新增 8 条，更新 0 条，未变 0 条" in output
    # The next check sees them.
    assert [hit.word for hit in check({"title": "敏 感"})] == ["敏感"]


def test_a_utf8_bom_and_windows_line_ends_are_fine(tmp_path):
    load(write(tmp_path, "\ufeff敏感\r\n坏词\t替换\r\n".encode()), "--list", "本站")
    assert entries() == [("坏词", Level.REPLACE, ""), ("敏感", Level.BLOCK, "")]


def test_loading_again_updates_and_replace_removes_the_rest(tmp_path):
    load(write(tmp_path, GOOD), "--list", "本站")
    output = load(write(tmp_path, "敏感\t审核\n新词\n"), "--list", "本站")
    assert "新增 1 条，更新 1 条，未变 0 条" in output
    assert ("敏感", Level.REVIEW, "") in entries() and len(entries()) == 9
    output = load(write(tmp_path, "敏感\t审核\n"), "--list", "本站", "--replace", verbosity=2)
    assert entries() == [("敏感", Level.REVIEW, "")]
    assert "删除 新词" in output and "删除 8 条" in output
    assert check({"title": "坏词"}) == []


@pytest.mark.parametrize(
    "content, expected",
    [
        ("敏感\n好\t禁止\n", "第 2 行：未知的级别“禁止”：应为 禁用、审核、替换 或 内链"),
        ("敏感\t审核\t多余\n", "第 1 行：禁用词和审核词不需要“替换为或链接”，请留空"),
        ("a\tb\tc\td\n", "第 1 行：栏数过多"),
        ("科技\t内链\tjavascript:alert(1)\n", "第 1 行：内链应为 https:// 开头的网址"),
        ("#注释\n\t审核\n", "第 2 行：词语不能为空"),
        ("。。。\n", "第 1 行：词语只有空白、标点或符号，无法匹配"),
        ("敏感 审核\n", "第 1 行：词语和级别之间应为 Tab，不是空格"),
        ("敏感\n坏词\n敏感\t审核\n", "第 3 行：“敏感”在第 1 行已有，级别或替换、链接不同"),
        ("好\n" + "长" * 101 + "\n", "第 2 行：词语超过 100 个字"),
        ("敏\x00感\n", "第 1 行：不能包含控制字符"),
        (b"\xe6\x95\x8f\xe6\x84\x9f\n\xc3\x28\n", "第 2 行：不是 UTF-8 编码"),
    ],
)
def test_a_bad_line_names_its_number_and_reason_and_nothing_is_written(tmp_path, content, expected):
    make_word("原有", word_list=WordList.objects.create(name="本站"))
    version = WordList.objects.get().version
    with pytest.raises(CommandError) as error:
        load(write(tmp_path, content), "--list", "本站")
    assert expected in str(error.value)
    assert "没有写入任何内容" in str(error.value)
    assert entries() == [("原有", Level.BLOCK, "")]
    assert WordList.objects.get().version == version


def test_every_bad_line_is_named_at_once(tmp_path):
    with pytest.raises(CommandError) as error:
        load(write(tmp_path, "好\t禁止\n敏感\n坏\t替换\t\x01\n"), "--list", "新表")
    assert "第 1 行" in str(error.value) and "第 3 行" in str(error.value)
    assert "第 2 行" not in str(error.value)
    assert not WordList.objects.exists()


def test_dry_run_reports_and_writes_nothing(tmp_path):
    output = load(write(tmp_path, GOOD), "--list", "本站", "--dry-run")
    assert output.startswith("试运行（未写入任何内容）：词表“本站”：新建词表，新增 8 条")
    assert not WordList.objects.exists()


def test_verbosity(tmp_path):
    assert load(write(tmp_path, "敏感\n"), "--list", "本站", verbosity=0) == ""
    assert load(write(tmp_path, "敏感\n坏词\n"), "--list", "本站", verbosity=2).splitlines() == [
        "新增 坏词",
        "词表“本站”：新增 1 条，更新 0 条，未变 1 条",
    ]


def test_a_missing_file_or_list_name_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="无法读取"):
        load(str(tmp_path / "missing.txt"), "--list", "本站")
    with pytest.raises(CommandError, match="--list 不能为空"):
        load(write(tmp_path, "敏感\n"), "--list", "  ")


def test_a_file_on_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("敏感\n坏词\t替换\n".encode())))
    assert "新增 2 条" in load("-", "--list", "本站")
    assert entries() == [("坏词", Level.REPLACE, ""), ("敏感", Level.BLOCK, "")]
