"""Import speed and memory: articles per second for new and unchanged articles, peak RSS at scale.

    .venv/bin/python bench/import_speed.py                      # SQLite, 10,000 + 100,000 articles
    .venv/bin/python bench/import_speed.py --database postgres://postgres@127.0.0.1:5432/h_import
    .venv/bin/python bench/import_speed.py --count 2000 --memory-count 0   # quick look

Writes its inputs (JSON Lines, and optionally WXR, with generated Chinese
text, no images) in a temporary folder and imports them into a fresh
database (a new SQLite file, or the given PostgreSQL database, emptied).
Speeds are measured in this process around `import_articles`; peak memory is
the peak RSS of a separate `manage.py import_articles` process.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUBJECTS = ["开发区", "高新区", "产业园", "科创中心", "孵化器", "街道社区", "职业学院", "储能电站", "物流园"]
ACTIONS = ["完成改造", "投入使用", "开工建设", "启动试点", "发布新政", "举办开放日", "引进项目", "通过验收"]
SENTENCES = [
    "项目负责人介绍，从规划到落地用时不到一年，期间得到了各方的支持。",
    "附近居民表示，变化就在身边，出门办事比以前方便了许多。",
    "园区为企业提供了标准厂房代建和审批全程代办服务，企业可以专心生产。",
    "业内人士认为，这类做法成本不高、见效快，适合在更大范围推广。",
    "下一步还将完善配套设施，让更多的企业和居民从中受益。",
    "数据显示，今年以来相关指标稳步提升，部分指标创下新高。",
    "负责同志说，工作中遇到的最大困难是协调多个部门，好在都一一解决了。",
    "不少年轻人选择留在这里创业，他们看中的是完善的服务和良好的氛围。",
]
CATEGORIES = [("parks", "园区动态"), ("innovation", "科技创新"), ("energy", "绿色能源"), ("livelihood", "民生服务")]
TAGS = ["园区", "创新", "民生", "节能", "人才", "招商", "交通", "教育", "医疗", "数字化"]


def article(number, rng):
    subject, action = rng.choice(SUBJECTS), rng.choice(ACTIONS)
    # 4–11 paragraphs of three sentences: bodies of 1–3 KB, as ordinary news articles.
    paragraphs = ["".join(rng.sample(SENTENCES, 3)) for _ in range(rng.randint(4, 11))]
    slug, name = CATEGORIES[number % len(CATEGORIES)]
    published = datetime(2021, 1, 1, 8, 0) + timedelta(minutes=37 * number)
    return {
        "import_key": f"bench:{number}",
        "title": f"{subject}{action}（第{number}号）",
        "body": "".join(f"<p>{text}</p>" for text in paragraphs[:2])
        + "<h2>几点看法</h2>"
        + "".join(f"<p>{text}</p>" for text in paragraphs[2:]),
        "author": rng.choice(["李明", "王芳", "张伟", "刘洋", "陈静"]),
        "published_at": published.strftime("%Y-%m-%d %H:%M"),
        "category": {"slug": slug, "name": name},
        "source": {"name": "基准测试来源", "website": "https://bench.example.com/"},
        "tags": rng.sample(TAGS, 3),
        "original_url": f"https://bench.example.com/news/{number}.html",
    }


def write_jsonl(path, count):
    rng = random.Random(20210419)
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(count):
            handle.write(json.dumps(article(number, rng), ensure_ascii=False) + "\n")


def write_wxr(path, count):
    rng = random.Random(20210419)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
            "<channel><title>基准站点</title><link>https://old.example.com</link>"
            "<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://old.example.com</wp:base_blog_url>\n"
        )
        for number in range(count):
            data = article(number, rng)
            slug, name = data["category"]["slug"], data["category"]["name"]
            tags = "".join(
                f'<category domain="post_tag" nicename="t"><![CDATA[{tag}]]></category>' for tag in data["tags"]
            )
            handle.write(
                f"<item><title>{escape(data['title'])}</title><link>https://old.example.com/?p={number}</link>"
                f"<dc:creator><![CDATA[{data['author']}]]></dc:creator>"
                f"<content:encoded><![CDATA[{data['body']}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{number}</wp:post_id>"
                f"<wp:post_date><![CDATA[{data['published_at']}:00]]></wp:post_date>"
                f"<wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>"
                f'<category domain="category" nicename="{slug}"><![CDATA[{name}]]></category>{tags}</item>\n'
            )
        handle.write("</channel></rss>\n")


def fresh_database(database, folder):
    """A DATABASE_URL for an empty, migrated database."""
    if database == "sqlite":
        url = f"sqlite:///{folder}/bench-{time.time_ns()}.sqlite3"
    else:
        url = database
        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    env = {**os.environ, "DATABASE_URL": url, "VAR_DIR": str(folder)}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return env


def timed_import(env, path, options=()):
    """Wall seconds, peak RSS (MB) and report line (with CPU seconds) of one `manage.py import_articles` run."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "manage.py", "import_articles", str(path), "--no-images", "--create-categories", *options],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=err,
        )
        # wait4 gives this child's own resource usage, peak RSS included.
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode:
            sys.exit(err.read())
        # CPU seconds tell the cost on a machine other processes share; wall time does not.
        cpu = usage.ru_utime + usage.ru_stime
        return elapsed, usage.ru_maxrss / 1024, out.read().strip().splitlines()[-1] + f" [CPU {cpu:.1f} s]"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite", help="sqlite, or a postgres:// URL (it is emptied)")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--memory-count", type=int, default=100_000)
    parser.add_argument("--wxr", action="store_true", help="also measure peak memory for a WXR file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        folder = Path(folder)
        data = folder / "articles.jsonl"
        write_jsonl(data, args.count)
        print(f"{args.count} articles, {data.stat().st_size / 2**20:.1f} MB JSON Lines, database: {args.database}")
        env = fresh_database(args.database, folder)
        # Timed as whole processes: Python and Django start-up (~1 s) are included, as a user waits for them.
        seconds, _peak, report = timed_import(env, data)
        print(f"new:       {args.count / seconds:8.0f} articles/s with start-up ({seconds:.1f} s) | {report}")
        seconds, _peak, report = timed_import(env, data)
        print(f"unchanged: {args.count / seconds:8.0f} articles/s with start-up ({seconds:.1f} s) | {report}")
        if args.memory_count:
            big = folder / "big.jsonl"
            write_jsonl(big, args.memory_count)
            env = fresh_database(args.database, folder)
            seconds, peak, report = timed_import(env, big)
            rate = args.memory_count / seconds
            print(f"{args.memory_count} JSONL: peak RSS {peak:.0f} MB, {rate:.0f} articles/s | {report}")
            if args.wxr:
                wxr = folder / "big.xml"
                write_wxr(wxr, args.memory_count)
                env = fresh_database(args.database, folder)
                seconds, peak_wxr, report = timed_import(env, wxr)
                rate = args.memory_count / seconds
                print(f"{args.memory_count} WXR:   peak RSS {peak_wxr:.0f} MB, {rate:.0f} articles/s")


if __name__ == "__main__":
    main()
