"""A second worker process for test_workers.py: each line on stdin is a body to check.

It answers each with one JSON line: which matcher object this process used
(its id, every matcher kept alive so that ids are never reused) and the hits.
The test database's name comes in WORKER_DATABASE_NAME.
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
from django.conf import settings  # noqa: E402

settings.DATABASES["default"]["NAME"] = os.environ["WORKER_DATABASE_NAME"]
django.setup()

from news.compliance import check, current_matcher  # noqa: E402

matchers = []
for line in sys.stdin:
    matcher = current_matcher()
    matchers.append(matcher)
    hits = check({"body": json.loads(line)}, matcher=matcher)
    answer = {"matcher": id(matcher), "hits": [[hit.word, hit.level, hit.start, hit.end] for hit in hits]}
    print(json.dumps(answer), flush=True)
