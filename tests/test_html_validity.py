"""Every page type passes the Nu HTML Checker (vnu.jar from npm, run with the machine's Java)."""

import json
import os
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from news.demo import load_demo
from news.models import Article, Category, Source
from portal.models import Promotion, SiteSettings
from tests.factories import make_article, make_cover, png_bytes

VNU_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_command():
    java = shutil.which("java")
    if java and VNU_JAR.exists():
        return [java, "-jar", str(VNU_JAR)]
    message = "the Nu HTML Checker needs Java and node_modules/vnu-jar (run `npm ci`)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def site(db):
    # The demo's articles: long bodies with figures, tables, lists and quotes.
    load_demo()
    settings_row = SiteSettings.load()
    settings_row.icp_number = "京ICP备12345678号"
    settings_row.police_number = "京公网安备 11010502000001号"
    settings_row.save()
    promotion = Promotion(title="图片推广", url="https://example.com/banner", position=1)
    promotion.image.save("banner.png", ContentFile(png_bytes((600, 120))), save=True)
    Promotion.objects.create(title="文字推广", url="https://example.com/text", position=2)
    parent = Category.objects.get(slug="parks")
    child = Category.objects.get(slug="devzone", parent=parent)
    source = Source.objects.get(name="滨江融媒")
    for n in range(25):
        article = make_article(
            f"园区新闻第{n}篇 <标题> & 符号",
            category=child if n % 2 else parent,
            source=source,
            author="李华",
            original_url=f"https://media.example.com/{n}.html",
            is_recommended=n % 3 == 0,
            is_headline=n == 0,
            when=timedelta(hours=-n - 1),
            body=f'<p>第{n}篇正文。</p><h2>小标题</h2><figure class="image"><img src="/m/x.png" alt="图"></figure>',
        )
        article.tags.add("园区", "民生")
        if n % 3 == 0:
            make_cover(article)
    return article


PAGES = {
    "article": lambda article: article.get_absolute_url(),
    "demo feature": lambda article: Article.objects.get(import_key="demo:ai-computing").get_absolute_url(),
    "demo news flash": lambda article: Article.objects.get(import_key="demo:key-labs").get_absolute_url(),
    "home": lambda article: "/",
    "category": lambda article: "/category/parks/",
    "category page 2": lambda article: "/category/parks/?page=2",
    "tag": lambda article: "/tag/园区/",
    "source": lambda article: article.source.get_absolute_url(),
    "footer page": lambda article: "/page/about.html",
    "site map": lambda article: "/sitemap/",
    "search": lambda article: "/search/?q=园区",
    "search without results": lambda article: "/search/?q=不存在的词语",
    "404": lambda article: "/news/999999.html",
    "long article page 2": lambda article: (
        Article.objects.get(import_key="demo:ai-computing").get_absolute_url() + "?page=2"
    ),
    "long article in full": lambda article: (
        Article.objects.get(import_key="demo:ai-computing").get_absolute_url() + "?page=all"
    ),
    "topic": lambda article: "/special/hydrogen/",
    "topic index": lambda article: "/special/",
    "article in a topic": lambda article: Article.objects.get(import_key="demo:chip-test-lab").get_absolute_url(),
    # The copy a reader's browser gets, its view counted and the count written in.
    "article counted": lambda article: article.get_absolute_url(),
}
READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"}


def test_pages_pass_the_nu_html_checker(client, site, tmp_path):
    command = vnu_command()
    files = {}
    for name, url in PAGES.items():
        response = client.get(url(site), **(READER if name == "article counted" else {}))
        assert response.status_code == (404 if name == "404" else 200), name
        path = tmp_path / f"{name.replace(' ', '-')}.html"
        path.write_bytes(response.content)
        files[path.as_uri()] = name
    result = subprocess.run(
        [*command, "--errors-only", "--format", "json", *map(str, tmp_path.glob("*.html"))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{files.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == []
    assert result.returncode == 0
