"""SUMMARY.md from a run's results: pages.jsonl, posting.jsonl and queries.log.

usage: python -m bench.wordpress.summarize RESULTS   (also printed)
"""

import json
import re
import statistics
import sys
from pathlib import Path

PAGES = {
    "floor": "PHP floor",
    "27": "thread-27",
    "1000": "thread-1000",
    "10000": "thread-10000",
}
VARIANTS = ("mail-built", "mail-noop")


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line]


def queries(path: Path) -> dict[str, list[int]]:
    """Each post page's query counts, view after view."""
    counts = {}
    for line in path.read_text().splitlines():
        found = re.match(r"/2023/03/14/thread-(\d+)/\tqueries=(\d+)", line)
        if found:
            counts.setdefault(found.group(1), []).append(int(found.group(2)))
    return counts


def wrk_cell(result: dict | None) -> str:
    if not result:
        return "-"
    errors = result["socket_errors"]
    return f"{result['req_s']:.2f} ({result['requests']} req" + (
        f", errors: {errors})" if errors else ")"
    )


def summary(results: Path) -> str:
    pages = rows(results / "pages.jsonl")
    posting = rows(results / "posting.jsonl")
    counted = queries(results / "queries.log")
    out = [
        "# WordPress 6.1.9 peer: results",
        "",
        "req/s: wrk -t2 -c16 -d5s (bench/server.py's wrk_report); median/p90: "
        "50 sequential GETs after an untimed one. See README.md.",
        "",
        "## Pages",
        "",
        "| page | bytes | run | median ms | p90 ms | req/s (wrk 5 s) "
        "| req/s (wrk 30 s) | queries/page |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, label in PAGES.items():
        count = "0 (no WordPress)" if name == "floor" else counted.get(name, ["?"])[-1]
        for page in (p for p in pages if p["page"] == name):
            out.append(
                f"| {label} | {page['bytes']:,} | {page['run']} "
                f"| {page['median_ms']:.1f} | {page['p90_ms']:.1f} "
                f"| {wrk_cell(page['wrk5'])} | {wrk_cell(page.get('wrk30'))} "
                f"| {count} |"
            )
    out += [
        "",
        "Median of the runs:",
        "",
        "| page | median ms | req/s (5 s) |",
        "| --- | --- | --- |",
    ]
    for name, label in PAGES.items():
        runs = [p for p in pages if p["page"] == name]
        if runs:
            out.append(
                f"| {label} | {statistics.median(p['median_ms'] for p in runs):.1f} "
                f"| {statistics.median(p['wrk5']['req_s'] for p in runs):.2f} |"
            )
    if counted:
        first_view = next(iter(counted.values()))[0]
        out += [
            "",
            "Queries per post page (SAVEQUERIES, the second view): "
            + ", ".join(f"thread-{name}: {n[-1]}" for name, n in counted.items())
            + f"; the first view after php-fpm's restart: {first_view}.",
        ]
    out += [
        "",
        "## Posting comments (200 comments, 8 writers, into thread-1000; "
        "each POST to its 302)",
        "",
        "| variant | run | comments/s (200 / wall) | wall s | accepted | refused |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for variant in VARIANTS:
        runs = [p for p in posting if p["label"].startswith(variant + " ")]
        for p in runs:
            refused = f"{p['refused']}" + (
                f" ({p['first_refused']})" if p["refused"] else ""
            )
            out.append(
                f"| {variant} | {p['label'].split()[-1]} | {p['comments_per_s']:.1f} "
                f"| {p['wall_s']:.2f} | {p['accepted']} | {refused} |"
            )
        if runs:
            median = statistics.median(p["comments_per_s"] for p in runs)
            out.append(f"| {variant} | median | {median:.1f} | | | |")
    return "\n".join(out) + "\n"


def main() -> None:
    results = Path(sys.argv[1])
    text = summary(results)
    (results / "SUMMARY.md").write_text(text)
    print(text, end="")


if __name__ == "__main__":
    main()
