"""Search quality on the demo articles: precision@5 over a judged query set.

Creates a throwaway test database (in memory for SQLite, test_<name> for
PostgreSQL), loads the demo content (40 articles: 14 stories, each in two or
three versions), runs each judged query through `news.search` the way the
search page does, and compares the first five results with the stories a
reader would want first.

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
from news.demo import STORIES, load_demo  # noqa: E402
from news.models import Article  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"

# Query -> the demo stories (index in news.demo.STORIES) whose articles should come first.
JUDGED = [
    ("氢能", [0]),
    ("燃料电池", [0]),
    ("加氢站", [0]),
    ("屋顶光伏", [1]),
    ("居民电费", [1]),
    ("锂电池隔膜", [2]),
    ("陶瓷复合隔膜", [2]),
    ("成果转化", [3]),
    ("技术经理人", [3]),
    ("拿地即开工", [4]),
    ("开发区审批", [4]),
    ("邻里中心", [5]),
    ("托育", [5]),
    ("人工智能算力", [6]),
    ("算力补贴", [6]),
    ("孵化器", [7]),
    ("智能制造车间", [8]),
    ("机器人", [8]),
    ("跨境电商", [9]),
    ("海外仓", [9]),
    ("家庭医生", [10]),
    ("就业服务站", [11]),
    ("科学实验室", [12]),
    ("产业学院", [13]),
    ("高新区", [6, 7]),
    ("开发区", [4, 5]),
    ("中小企业 算力", [6]),
    # Words many stories use: the stories that carry the word in the title come first.
    ("园区", [11]),
    ("社区", [1]),
    ("高校", [2]),
    ("企业", [7, 9, 13]),
    ("中心", [5, 6]),
    ("服务", [3, 10, 11]),
]


def story_of(article):
    return int(article.import_key.split(":")[1]) % len(STORIES)


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
