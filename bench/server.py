"""gunicorn serving the bench's database, and the timing of its pages.

Latency from sequential requests; throughput from Debian's `wrk`, bounded load.
"""

import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEQUENTIAL = 50


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1, production settings, 2 x cores + 1 workers."""

    def __init__(self, env, *, cold: bool):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        workers = 2 * (os.cpu_count() or 1) + 1
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--preload",  # as `make serve`
                "--no-control-socket",
                "--error-logfile",
                "-",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=dict(env, BENCH_COLD="1" if cold else "0"),
        )
        for _ in range(200):
            try:
                urllib.request.urlopen(self.base + "/bench/floor/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            self.stop()
            raise RuntimeError("gunicorn did not start")

    def worker_peak_mb(self) -> float:
        """The highest VmHWM (peak resident memory) among the workers, in MB."""
        peak = 0
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            ppid = re.search(r"^PPid:\s+(\d+)", text, re.M)
            hwm = re.search(r"^VmHWM:\s+(\d+) kB", text, re.M)
            if ppid and hwm and int(ppid.group(1)) == self.process.pid:
                peak = max(peak, int(hwm.group(1)))
        return peak / 1024

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def page_size(url: str) -> int:
    with urllib.request.urlopen(url, timeout=60) as response:
        return len(response.read())


def fetch(url: str, headers: dict) -> float:
    start = time.perf_counter()
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        assert response.status == 200, url
    return time.perf_counter() - start


def latencies(url: str, headers: dict) -> tuple[float, float]:
    fetch(url, headers)
    times = sorted(fetch(url, headers) for _ in range(SEQUENTIAL))
    return statistics.median(times) * 1000, times[int(len(times) * 0.9)] * 1000


def wrk_report(url: str, headers: dict, seconds: int = 5) -> str:
    """wrk's report on `url`: 2 threads, 16 connections for `seconds`, bounded."""
    sent = [
        arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")
    ]
    command = ["timeout", str(seconds + 10), "wrk", "-t2", "-c16", f"-d{seconds}s"]
    result = subprocess.run(
        [*command, "--timeout", "10s", *sent, url],
        capture_output=True,
        text=True,
        check=False,
    )
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if errors:
        print(f"warning: {errors.group(1)} error responses from {url}", file=sys.stderr)
    return result.stdout


def requests_per_second(report: str) -> float:
    found = re.search(r"Requests/sec:\s+([\d.]+)", report)
    return float(found.group(1)) if found else 0.0


def wrk(url: str, headers: dict) -> float:
    return requests_per_second(wrk_report(url, headers))


def measure_pages(
    server: Server,
    urls: dict[str, str],
    floor: str = "/bench/floor/",
    headers: dict | None = None,
) -> dict[str, tuple]:
    """(median ms, p90 ms, req/s) of the floor and of each page, `headers` sent."""
    rows = {"floor": floor, **urls}
    headers = headers or {}
    return {
        name: (
            *latencies(server.base + path, headers),
            wrk(server.base + path, headers),
        )
        for name, path in rows.items()
    }
