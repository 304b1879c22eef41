"""Where benchmark scripts put their figures: bench/results/<name>.json, and standard output."""

import json
from pathlib import Path


def write_results(name, results):
    out = Path(__file__).resolve().parent / "results" / f"{name}.json"
    out.parent.mkdir(exist_ok=True)
    text = json.dumps(results, ensure_ascii=False, indent=2)
    out.write_text(text)
    print(text)
