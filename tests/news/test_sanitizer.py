from news.sanitizer import clean_html, html_to_text, summarize


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
    text = "<p>" + "一" * 90 + "。" + "二" * 60 + "</p>"
    assert summarize(text, 120) == "一" * 90 + "。"


def test_summarize_short_text_is_whole():
    assert summarize("<p>很短。</p>") == "很短。"


def test_summarize_adds_ellipsis_when_no_boundary():
    assert summarize("<p>" + "字" * 200 + "</p>", 120) == "字" * 120 + "…"


def test_summarize_skips_sub_headings():
    assert summarize("<p>第一段。</p><h2>小标题</h2><p>第二段。</p>") == "第一段。 第二段。"
