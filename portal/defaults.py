"""Default text of the footer pages, written for this project.

Used by the data migration that creates the pages and by `load_demo`; editors
change the text in the admin afterwards.
"""

FOOTER_PAGES = [
    {
        "slug": "about",
        "title": "关于我们",
        "position": 10,
        "body": (
            "<p>本站是一家关注科技创新与区域发展的资讯网站，报道园区建设、产业动态、"
            "科研成果和与百姓生活相关的公共服务。</p>"
            "<h2>我们做什么</h2>"
            "<ul><li>采写本地科技企业、开发区和高校院所的原创报道；</li>"
            "<li>经授权转载其他媒体的优质稿件，并注明出处；</li>"
            "<li>整理政策解读、数据和专题，帮助读者看懂变化。</li></ul>"
            "<p>欢迎提供新闻线索、投稿或提出批评建议，联系方式见“联系方式”页面。</p>"
        ),
    },
    {
        "slug": "contact",
        "title": "联系方式",
        "position": 20,
        "body": (
            "<p>新闻线索、投稿、版权事宜和商务合作，请通过以下方式与编辑部联系：</p>"
            "<ul><li>电子邮箱：editor@example.com</li>"
            "<li>办公时间：工作日 9:00–17:30</li></ul>"
            "<p>来信请注明事由和联系方式，我们会在两个工作日内回复。</p>"
            "<h2>投诉举报与更正</h2>"
            "<p>认为本站文章有事实错误、侵犯了您的权益，或者发现违法和不良信息，请发邮件到 editor@example.com，"
            "标题写明“举报”或“更正”，并附上文章标题、网址和理由。</p>"
            "<p>编辑部收到后五个工作日内核实处理：内容有误的，在原文更正并注明更正时间；"
            "确属侵权或违法的，及时删除。处理结果会回复给您。</p>"
        ),
    },
    {
        "slug": "help",
        "title": "使用说明",
        "position": 30,
        "body": (
            "<h2>浏览</h2><p>页头导航列出全部栏目，点击栏目名称可查看该栏目的全部文章；"
            "文章页右侧有推荐图文、推荐资讯和点击排行。</p>"
            "<h2>搜索</h2><p>在页头搜索框输入关键词，可搜索标题和正文，支持中文词语。</p>"
            "<h2>订阅</h2><p>本站提供 RSS 和 Atom 订阅，可在阅读器中添加全站或某个栏目的订阅地址。</p>"
        ),
    },
    {
        "slug": "privacy",
        "title": "隐私政策",
        "position": 40,
        "body": (
            "<p>我们重视读者的隐私。浏览本站无需注册，也不收集可以识别您身份的个人信息。</p>"
            "<h2>我们记录什么</h2><p>为统计文章浏览次数，本站使用一个仅含随机标识的 Cookie，"
            "用于在短时间内不重复计数；服务器日志会按常规保存访问时间和页面地址，用于安全和故障排查。</p>"
            "<h2>第三方</h2><p>本站页面不加载第三方统计或广告脚本。</p>"
            "<p>如对本政策有疑问，请通过“联系方式”页面与我们联系。</p>"
        ),
    },
    {
        "slug": "disclaimer",
        "title": "免责声明",
        "position": 50,
        "body": (
            "<p>本站原创内容版权归本站所有，转载请注明出处。</p>"
            "<p>本站转载的文章均注明来源，转载目的在于传递更多信息，不代表本站赞同其观点，"
            "也不对其内容的真实性、准确性和完整性负责。</p>"
            "<p>如果您认为本站内容有误或侵犯了您的合法权益，请按“联系方式”页面中“投诉举报与更正”的说明"
            "与我们联系，我们核实后会及时更正或删除，并告知处理结果。</p>"
        ),
    },
]


def ensure_footer_pages(FooterPage):
    """Create the footer pages that do not exist yet; never overwrite an editor's text."""
    for page in FOOTER_PAGES:
        FooterPage.objects.get_or_create(slug=page["slug"], defaults=page)
