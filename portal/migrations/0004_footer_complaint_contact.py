from django.db import migrations

from portal.defaults import FOOTER_PAGES

# The first version's text of the pages that now name the complaint and
# correction contact. A page still holding it gets the new default; a page an
# editor changed is left alone.
PREVIOUS_BODIES = {
    "contact": (
        "<p>新闻线索、投稿、版权事宜和商务合作，请通过以下方式与编辑部联系：</p>"
        "<ul><li>电子邮箱：editor@example.com</li>"
        "<li>办公时间：工作日 9:00–17:30</li></ul>"
        "<p>来信请注明事由和联系方式，我们会在两个工作日内回复。</p>"
    ),
    "disclaimer": (
        "<p>本站原创内容版权归本站所有，转载请注明出处。</p>"
        "<p>本站转载的文章均注明来源，转载目的在于传递更多信息，不代表本站赞同其观点，"
        "也不对其内容的真实性、准确性和完整性负责。</p>"
        "<p>如果您认为本站内容侵犯了您的合法权益，请与我们联系，我们核实后会及时删除或更正。</p>"
    ),
}


def update_untouched_pages(apps, schema_editor):
    FooterPage = apps.get_model("portal", "FooterPage")
    defaults = {page["slug"]: page["body"] for page in FOOTER_PAGES}
    for slug, previous in PREVIOUS_BODIES.items():
        FooterPage.objects.filter(slug=slug, body=previous).update(body=defaults[slug])


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_news_licence_number")]

    operations = [migrations.RunPython(update_untouched_pages, migrations.RunPython.noop)]
