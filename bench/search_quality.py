"""Search quality on the demo articles: precision@5 over a judged query set.

Creates a throwaway test database (in memory for SQLite, test_<name> for
PostgreSQL), loads the demo content (40 articles, news flashes to long
features), runs each judged query through `news.search` the way the search
page does, and compares the first five results with the articles a reader
would want first.

precision@5 = relevant articles among the first five / min(5, relevant articles),
so 1.0 means every slot that could hold a relevant article does.

    .venv/bin/python bench/search_quality.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_search .venv/bin/python bench/search_quality.py
"""

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="search-quality-media-"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from news import search  # noqa: E402
from news.demo import load_demo  # noqa: E402
from news.models import Article  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"

# Query -> the demo articles (their keys in news/demo/articles.py) that should come first.
JUDGED = [
    ("燃料电池", ["hydrogen-stack-line"]),
    ("加氢站", ["hydrogen-stack-line", "energy-supply-station"]),
    ("屋顶光伏", ["rooftop-solar"]),
    ("光伏板", ["rooftop-solar"]),
    ("风电场", ["beishan-wind"]),
    ("风机叶片", ["beishan-wind"]),
    ("储能电站", ["storage-peak"]),
    ("调峰", ["storage-peak"]),
    ("陶瓷复合隔膜", ["ceramic-separator"]),
    ("技术经理人", ["transfer-platform"]),
    ("成果转化", ["transfer-platform"]),
    ("重点实验室", ["key-labs"]),
    ("晶圆", ["chip-test-lab"]),
    ("揭榜挂帅", ["young-talent"]),
    ("发明专利", ["patents-30k"]),
    ("亩均效益", ["mu-efficiency"]),
    ("拿地即开工", ["land-to-build"]),
    ("邻里中心", ["neighbourhood-centre"]),
    ("算力中心", ["ai-computing"]),
    ("孵化器", ["incubator-100"]),
    ("低空经济", ["low-altitude"]),
    ("人才公寓", ["talent-apartments"]),
    ("标识解析", ["industrial-internet"]),
    ("跨境电商", ["cross-border"]),
    ("冷链物流", ["cold-chain"]),
    ("家庭医生", ["family-doctors"]),
    ("就业服务站", ["job-station"]),
    ("充电桩", ["ev-chargers"]),
    ("社区食堂", ["community-canteen"]),
    ("地铁", ["metro-line3"]),
    ("产业学院", ["industry-college"]),
    ("科技馆", ["science-museum-hall"]),
    ("钠离子电池", ["storage-joint-lab"]),
    # Words many articles use: those that carry the word in the title come first.
    ("高新区", ["ai-computing", "incubator-100", "low-altitude", "talent-apartments"]),
    ("开发区", ["land-to-build", "neighbourhood-centre", "enterprise-agents", "standard-factory"]),
    ("机器人", ["robot-workshop"]),
]


def story_of(article):
    return article.import_key.split(":", 1)[1]


def main():
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_demo()
        stories = {article.pk: story_of(article) for article in Article.objects.all()}
        per_query, precisions, firsts = [], [], []
        for query, wanted in JUDGED:
            hits = search.search(query, Article.objects.published())[0:5]
            relevant_total = sum(1 for story in stories.values() if story in wanted)
            relevant_top = sum(1 for article in hits if stories[article.pk] in wanted)
            precision = relevant_top / min(5, relevant_total)
            first = bool(hits) and stories[hits[0].pk] in wanted
            precisions.append(precision)
            firsts.append(first)
            per_query.append({"query": query, "precision_at_5": round(precision, 2), "first_is_relevant": first})
            print(f"  {query:<10} P@5 {precision:.2f}  first {'yes' if first else 'NO'}  {[a.title for a in hits][:3]}")
        report = {
            "vendor": connection.vendor,
            "queries": len(JUDGED),
            "mean_precision_at_5": round(sum(precisions) / len(precisions), 3),
            "first_result_relevant": f"{sum(firsts)}/{len(firsts)}",
            "per_query": per_query,
        }
        print(
            f"[{connection.vendor}] {len(JUDGED)} judged queries: mean precision@5 {report['mean_precision_at_5']}, "
            f"first result relevant {report['first_result_relevant']}"
        )
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"search_quality_{connection.vendor}.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=2)
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
