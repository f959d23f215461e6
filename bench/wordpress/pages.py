"""WordPress's pages timed as Colloquy's bench times its own, with its functions
(bench/server.py): 50 sequential GETs after an untimed one (median and p90 ms), then
wrk's req/s, and a 30-second wrk run for a page that gives none in 5 seconds.

usage: python -m bench.wordpress.pages RAW RUN NAME=URL [NAME=URL ...]
One JSON line a page on stdout; wrk's reports written to the directory RAW.
"""

import json
import re
import sys
from pathlib import Path

from bench.server import latencies, page_size, requests_per_second, wrk_report


def wrk(url: str, seconds: int, report_file: Path) -> dict:
    report = wrk_report(url, {}, seconds)
    report_file.write_text(report)
    done = re.search(r"(\d+) requests in", report)
    errors = re.search(r"Socket errors: (.*)", report)
    return {
        "req_s": requests_per_second(report),
        "requests": int(done.group(1)) if done else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def main() -> None:
    raw, run = Path(sys.argv[1]), int(sys.argv[2])
    for arg in sys.argv[3:]:
        name, url = arg.split("=", 1)
        median, p90 = latencies(url, {})
        wrk5 = wrk(url, 5, raw / f"wrk-{name}-run{run}-5s.txt")
        row = {
            "run": run,
            "page": name,
            "bytes": page_size(url),
            "median_ms": round(median, 2),
            "p90_ms": round(p90, 2),
            "wrk5": wrk5,
        }
        if not wrk5["req_s"]:
            row["wrk30"] = wrk(url, 30, raw / f"wrk-{name}-run{run}-30s.txt")
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
