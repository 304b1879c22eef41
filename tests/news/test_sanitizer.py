from news.sanitizer import clean_html, html_to_text, prose_text, summarize


def test_clean_html_removes_scripts_handlers_and_javascript_urls():
    dirty = (
        '<h2 onmouseover="x()">小标题</h2><script>document.cookie</script>'
        '<a href="javascript:alert(1)" onclick="y()">点我</a>'
        '<a href="https://example.com/a">外链</a><iframe src="https://evil.example"></iframe>'
        '<img src="data:image/svg+xml;base64,AAA" onerror="z()"><svg><script>1</script></svg>'
    )
    clean = clean_html(dirty)
    for bad in ("script", "onmouseover", "onclick", "onerror", "javascript:", "iframe", "data:", "svg"):
        assert bad not in clean
    assert "<h2>小标题</h2>" in clean
    assert '<a href="https://example.com/a" rel="noopener noreferrer">外链</a>' in clean


def test_clean_html_keeps_editor_formatting():
    html = (
        "<h2>标题</h2><p><strong>粗体</strong><i>斜体</i></p><ul><li>一</li></ul>"
        '<figure class="image image-style-align-left"><img src="/media/a.png" alt="图"></figure>'
        "<table><tbody><tr><td>格</td></tr></tbody></table>"
    )
    assert clean_html(html) == html


def test_classes_outside_the_allow_list_are_removed():
    assert clean_html('<figure class="image hack"><img src="/a.png"></figure>') == (
        '<figure class="image"><img src="/a.png"></figure>'
    )


def test_html_to_text_separates_paragraphs():
    assert html_to_text("<p>第一段</p><p>第二段&amp;</p>") == "第一段 第二段&"


def test_summarize_prefers_sentence_boundary():
    text = "<p>" + "一" * 90 + "。" + "二" * 300 + "</p>"
    assert summarize(text, 120) == "一" * 90 + "。"


def test_summarize_adds_ellipsis_when_no_boundary():
    assert summarize("<p>" + "字" * 400 + "</p>", 120) == "字" * 120 + "…"


def test_summarize_skips_sub_headings_captions_and_tables():
    body = (
        "<p>" + "甲" * 60 + "。</p><h2>小标题</h2>"
        "<figure><img src='/a.png' alt=''><figcaption>图注</figcaption></figure>"
        "<table><tr><td>表格</td></tr></table><p>" + "乙" * 50 + "。</p>" + "<p>" + "丙" * 300 + "。</p>"
    )
    assert summarize(body) == "甲" * 60 + "。" + "乙" * 50 + "。"


def test_summary_joins_chinese_sentences_without_spaces():
    body = "<p>园区新建的厂房已经完工。</p><p>下个月，设备将陆续进场安装调试。</p>" + "<p>" + "其他内容" * 30 + "。</p>"
    assert summarize(body) == "园区新建的厂房已经完工。下个月，设备将陆续进场安装调试。"


def test_summary_drops_spaces_around_chinese_punctuation_but_keeps_them_between_latin_words():
    body = "<p>试点使用 Wi-Fi 7 网络。 社区 里的\n居民反映良好。</p><p>Open data helps. Teams share it.</p>" + (
        "<p>" + "后续报道" * 60 + "。</p>"
    )
    assert summarize(body) == "试点使用 Wi-Fi 7 网络。社区里的居民反映良好。Open data helps. Teams share it."


def test_prose_text_drops_only_the_spaces_chinese_does_not_write():
    body = "<p>一 二，  三 （四） Latin word 中 文 a 中</p><p>　全角空格 后</p><p>end</p>"
    assert prose_text(body) == "一二，三（四）Latin word 中文 a 中全角空格后 end"


def test_a_short_body_gets_no_summary_that_repeats_it():
    # A news flash: its first sentence is more than a third of it, so there is no automatic summary.
    assert summarize("<p>很短。</p>") == ""
    assert summarize("<p>全市首座加氢站今天投入运营。</p><p>站点每天可加注氢气五百公斤，还建有光伏车棚。</p>") == ""
    assert summarize("<p>" + "短句。" * 40 + "</p>", 120) == ""  # 120 characters: no longer than a summary
    # A short body of several sentences: whole sentences up to a third of it.
    body = "<p>" + "。".join(["一" * 24, "二" * 24, "三" * 24, "四" * 24, "五" * 24, "六" * 24]) + "。</p>"
    assert summarize(body) == "一" * 24 + "。" + "二" * 24 + "。"


def test_summary_is_never_more_than_a_third_of_the_body():
    for sentences in range(1, 14):
        body = "".join(f"<p>第{n}句话说的是园区里的一件新鲜事。</p>" for n in range(sentences))
        summary = summarize(body)
        assert len(summary) <= len(prose_text(body)) / 3
        assert summary == "" or summary.endswith("。")


def test_alignment_becomes_a_class_the_csp_allows():
    # CKEditor writes the class; pasted text brings the inline style.
    assert clean_html('<p class="text-center">居中</p>') == '<p class="text-center">居中</p>'
    assert clean_html('<h2 style="color:red; text-align: Right">标题</h2>') == '<h2 class="text-right">标题</h2>'
    assert clean_html('<p style="text-align:justify;">两端</p>') == '<p class="text-justify">两端</p>'
    # No other style survives, and text that merely reads like a style is left alone.
    assert clean_html('<p style="position:fixed">固定</p>') == "<p>固定</p>"
    assert clean_html('<p>写着 style="text-align:center" 的文字</p>') == '<p>写着 style="text-align:center" 的文字</p>'
    assert "style=" not in clean_html('<h3 class="text-left" style="text-align:center">两种</h3>')
