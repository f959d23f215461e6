"""Colloquy benchmarks: `make bench` (see bench/README.md).

Into a fresh database (a temporary SQLite file, or DATABASE_URL's PostgreSQL
database, emptied first) it imports the three reference threads with
`manage.py import_wxr`, then serves them with gunicorn on 127.0.0.1 and measures
queries, latency and throughput cold and warm, comment posting and worker memory.
It prints one Markdown table and writes it to bench/results/latest.md.
"""

import os
import re
import secrets
import shutil
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import clients
from bench.clients import POSTS_TO_WRITE, WRITERS
from bench.server import PYTHON, ROOT, SEQUENTIAL, Server, measure_pages, page_size

THREADS = ROOT.parent / "shared" / "bench"
if not THREADS.exists():
    THREADS = Path("/work/shared/bench")
FILES = ["thread-27.wxr", "thread-1000.wxr", "thread-10000.wxr"]
FIRST = "thread-27"
PEER_RPS = {"thread-27": 93, "thread-1000": 11.7, "thread-10000": 0.99}


def bench_env(tmp: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        CONN_MAX_AGE="600",
        # The bench posts 200 comments from one address as fast as it can: the flood
        # and minimum-time checks would refuse them, so they are off for this server.
        COMMENTS_FLOOD_SECONDS="0",
        COMMENTS_MIN_SUBMIT_SECONDS="0",
        ACCOUNT_EMAIL_VERIFICATION="none",
        LOG_LEVEL="WARNING",
    )
    if not env.get("DATABASE_URL"):
        env["SQLITE_PATH"] = str(tmp / "bench.sqlite3")
    # Each run its own cache keys when the cache is a shared Redis.
    env["CACHE_KEY_PREFIX"] = f"bench-{secrets.token_hex(4)}"
    return env


def manage(env, *args) -> float:
    return manage_measured(env, *args)[0]


def manage_measured(env, *args) -> tuple[float, float]:
    """Run a management command; its wall time in seconds and peak memory in MB."""
    start = time.perf_counter()
    process = subprocess.Popen([PYTHON, "manage.py", *args], cwd=ROOT, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise subprocess.CalledProcessError(status, args)
    return elapsed, usage.ru_maxrss / 1024  # kB on Linux


def fresh_database(env) -> None:
    manage(env, "migrate", "--noinput", "-v", "0")
    if env.get("DATABASE_URL"):
        manage(env, "flush", "--noinput")


def post_urls(env) -> dict[str, str]:
    """Each thread's post address, read in a child process (settings from env)."""
    script = (
        "import django; django.setup()\n"
        "from blog.models import Post\n"
        "for p in Post.objects.order_by('pk'):\n"
        "    print(p.comments.count(), p.get_absolute_url())\n"
    )
    out = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True
    ).stdout.decode()
    urls = {}
    for line in out.splitlines():
        count, url = line.split()
        urls[f"thread-{count}"] = url
    return urls


def query_counts(env, urls: dict[str, str]) -> dict[str, tuple[int, int]]:
    """SQL queries of each post page, cold (cache cleared) and warm, in-process.

    A first view re-renders the per-comment blocks the importer did not store (one
    bulk UPDATE per 500 comments): counted apart, as it happens once.
    """
    script = (
        "import django, json, sys; django.setup()\n"
        "from django.core.cache import caches\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "out = {}\n"
        "for name, url in json.loads(sys.argv[1]).items():\n"
        "    client = Client()\n"
        "    client.get(url, HTTP_HOST='127.0.0.1')  # renders blocks import_wxr left\n"
        "    for alias in caches: caches[alias].clear()\n"
        "    counts = []\n"
        "    for _ in range(2):\n"
        "        with CaptureQueriesContext(connection) as q:\n"
        "            assert client.get(url, HTTP_HOST='127.0.0.1').status_code == 200\n"
        "        counts.append(len(q))\n"
        "    out[name] = counts\n"
        "print(json.dumps(out))\n"
    )
    import json

    child = dict(env, BENCH_COLD="0")
    out = subprocess.run(
        [PYTHON, "-c", script, json.dumps(urls)],
        cwd=ROOT,
        env=child,
        check=True,
        capture_output=True,
    ).stdout.decode()
    return {k: tuple(v) for k, v in json.loads(out.splitlines()[-1]).items()}


def post_comments(server: Server, env, url: str) -> tuple[float, float]:
    """Comments a second through the real form view (see bench/clients.py): the
    requests alone (their notifications only queued), and with a background
    worker sending the notifications beside the server, as in production (first:
    it starts with an empty queue): the emails leave the request, not the
    machine's cores. Returns (alone, beside the worker)."""
    worker = subprocess.Popen(
        [
            PYTHON,
            "manage.py",
            "db_worker",
            "-v",
            "0",
            "--interval",
            "0.1",
            "--no-startup-delay",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        beside_worker = _post_comments(server, url)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return _post_comments(server, url), beside_worker


def _post_comments(server: Server, url: str) -> float:
    hidden = r'name="(csrfmiddlewaretoken|timestamp|post_id)" value="([^"]*)"'
    elapsed, refused = clients.post_comments(
        server.base + url,
        server.base + "/comments/post/",
        read_form=lambda html: dict(re.findall(hidden, html)),
        names={"author": "author_name", "email": "author_email", "body": "body"},
        permalink=re.compile(r"/comments/\d+/$"),
    )
    return (POSTS_TO_WRITE - len(refused)) / elapsed


# Signs in a reader and a moderator: their session keys, one "kind key" a line.
_SESSIONS_SCRIPT = """
import django; django.setup()
from importlib import import_module
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import Group
store = import_module(settings.SESSION_ENGINE).SessionStore
for kind in ("reader", "moderator"):
    user, _ = auth.get_user_model().objects.get_or_create(
        username=f"bench-{kind}", defaults={"email": f"{kind}@example.com"}
    )
    if kind == "moderator":
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name="Moderators"))
    session = store()
    session[auth.SESSION_KEY] = str(user.pk)
    session[auth.BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[auth.HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(kind, session.session_key)
"""


def warm_by_reader(server: Server, env, url: str) -> dict[str, dict]:
    """The warm page for each kind of reader who carries cookies: a returning
    reader (their CSRF cookie sent), a returning commenter (their saved details
    too), a signed-in reader and a moderator; then with comments closed (no form,
    so no CSRF token): what the per-reader form costs."""
    secret = "".join(secrets.choice(string.ascii_letters) for _ in range(32))
    csrf = f"csrftoken={secret}"
    returning = measure_pages(server, {"page": url}, headers={"Cookie": csrf})
    details = "comment_author=Zelda; comment_author_email=zelda%40example.com"
    commenter = measure_pages(
        server, {"page": url}, headers={"Cookie": f"{csrf}; {details}"}
    )
    out = subprocess.run(
        [PYTHON, "-c", _SESSIONS_SCRIPT],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    ).stdout.decode()
    sessions = dict(line.split() for line in out.splitlines())
    signed_in = {
        kind: measure_pages(
            server, {"page": url}, headers={"Cookie": f"{csrf}; sessionid={key}"}
        )
        for kind, key in sessions.items()
    }
    script = (
        "import django; django.setup()\n"
        "from blog.models import Post\n"
        "for post in Post.objects.all():\n"
        "    post.allow_comments = False\n"
        "    post.save()  # as the admin does: the kept page is made again\n"
    )
    subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, check=True)
    closed = measure_pages(server, {"page": url})
    return {
        "returning reader (CSRF cookie sent)": returning,
        "returning commenter (saved details)": commenter,
        "signed-in reader": signed_in["reader"],
        "moderator": signed_in["moderator"],
        "comments closed (no form)": closed,
    }


def ratio_row(label, imported, queries, cold, warm, peer) -> str:
    c, w = cold[label], warm[label]
    fc, fw = cold["floor"], warm["floor"]
    return (
        f"| {label} | {imported} | {queries} "
        f"| {c[0]:.1f} ({c[0] / fc[0]:.1f}x) | {c[1]:.1f} "
        f"| {c[2]:.0f} ({c[2] / fc[2]:.2f}x) "
        f"| {w[0]:.1f} ({w[0] / fw[0]:.1f}x) | {w[1]:.1f} "
        f"| {w[2]:.0f} ({w[2] / fw[2]:.2f}x) | {peer} |"
    )


def table(results: dict, database: str) -> str:
    workers = 2 * (os.cpu_count() or 1) + 1
    lines = [
        f"Colloquy benchmarks ({database}, gunicorn {workers} workers on "
        f"{os.cpu_count()} cores, {SEQUENTIAL} sequential requests, "
        "wrk -t2 -c16 -d5s; (Nx): ratio to the framework floor of the same server)",
        "",
        "| page | import s (peak MB) | queries cold/warm | cold median ms "
        "| cold p90 ms | cold req/s | warm median ms | warm p90 ms | warm req/s "
        "| WordPress req/s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    first = next(iter(results.values()))
    lines.append(ratio_row("floor", "-", "0/0", first["cold"], first["warm"], "-"))
    for name, r in results.items():
        queries = "/".join(map(str, r["queries"]))
        lines.append(
            ratio_row(
                name,
                f"{r['import']:.1f} ({r['import_mb']:.0f})",
                queries,
                r["cold"],
                r["warm"],
                PEER_RPS[name],
            )
        )
    posting = results["thread-1000"]["posting"]
    memory = max(r["memory"] for r in results.values())
    cache = "Redis" if os.environ.get("REDIS_URL") else "local memory, per worker"
    lines += [
        "",
        "Warm pages against the floor answering as many bytes (a constant view; "
        "what the page's size alone costs on loopback):",
        "",
        "| page | bytes | same-size floor req/s | warm req/s (Nx) "
        "| same-size floor median ms | warm median ms (Nx) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in results.items():
        f, w = r["same_size_floor"], r["warm"][name]
        lines.append(
            f"| {name} | {r['size']:,} | {f[2]:.0f} | {w[2]:.0f} ({w[2] / f[2]:.2f}x) "
            f"| {f[0]:.1f} | {w[0]:.1f} ({w[0] / f[0]:.1f}x) |"
        )
    lines += [
        "",
        f"The warm {FIRST} page by reader, against the floor (req/s and "
        "median ms; the row above is a new reader: no cookies, so a new CSRF "
        "secret and its cookie on every view):",
        "",
        "| reader | warm req/s (Nx) | warm median ms (Nx) | median ms against "
        "the new reader's |",
        "| --- | --- | --- | --- |",
    ]
    new_reader = results[FIRST]["warm"][FIRST]
    for reader, measured in results[FIRST]["readers"].items():
        w, floor = measured["page"], measured["floor"]
        lines.append(
            f"| {reader} | {w[2]:.0f} ({w[2] / floor[2]:.2f}x) "
            f"| {w[0]:.1f} ({w[0] / floor[0]:.1f}x) | {w[0] / new_reader[0]:.1f}x |"
        )
    lines += [
        "",
        f"- Comment posting through the form view into thread-1000, each POST to its "
        f"302 (the redirect not followed): {posting[1]:.0f} comments/s with one "
        "background worker building and sending their notification emails beside the "
        f"server, {posting[0]:.0f} comments/s with the emails only queued "
        f"({POSTS_TO_WRITE} comments, {WRITERS} writers; "
        "flood and minimum-time checks off for the bench server; WordPress: 78/s in "
        "the issue's reference; measured with bench/wordpress on 2026-11-26, its "
        "moderation email built as ours is, 182/s on one machine and 134/s on a "
        "slower one).",
        f"- Peak worker memory (VmHWM, highest of all workers): {memory:.0f} MB.",
        "- Import: `manage.py import_wxr FILE` into a fresh database, wall time and "
        "peak resident memory of the importing process.",
        "- Cold: every Django cache is a DummyCache (nothing cached, ever); the stored "
        "per-comment blocks and the post's stored head and article are data and stay. "
        f"Warm: the caches in use (threads in {cache}; kept pages in each worker's own "
        "memory); wrk sends no cookies, so it is served the whole page kept for "
        "cookie-less readers, checked against the post with one query.",
        "",
    ]
    return "\n".join(lines)


def bench_thread(tmp: Path, name: str) -> dict:
    """Import one thread into a fresh database, serve it cold then warm."""
    # One database a file: each thread is measured alone (the three exports also
    # claim one site and number their comments from 1 alike).
    env = bench_env(tmp / name)
    (tmp / name).mkdir()
    fresh_database(env)
    imported, import_mb = manage_measured(
        env, "import_wxr", str(THREADS / f"{name}.wxr")
    )
    urls = post_urls(env)
    queries = query_counts(env, urls)
    server = Server(env, cold=True)
    try:
        cold = measure_pages(server, urls)
        memory = server.worker_peak_mb()
    finally:
        server.stop()
    server = Server(env, cold=False)
    try:
        warm = measure_pages(server, urls)
        size = page_size(server.base + urls[name])
        same_size_floor = measure_pages(server, {}, floor=f"/bench/floor/{size}/")
        posting = (
            post_comments(server, env, urls[name]) if name == "thread-1000" else None
        )
        memory = max(memory, server.worker_peak_mb())
        readers = warm_by_reader(server, env, urls[name]) if name == FIRST else None
    finally:
        server.stop()
    return {
        "import": imported,
        "import_mb": import_mb,
        "queries": queries[name],
        "cold": cold,
        "warm": warm,
        "size": size,
        "same_size_floor": same_size_floor["floor"],
        "posting": posting,
        "memory": memory,
        "readers": readers,
    }


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    tmp = Path(tempfile.mkdtemp(prefix="colloquy-bench-"))
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite file"
    try:
        manage(bench_env(tmp), "collectstatic", "--noinput", "-v", "0")
        results = {}
        for name in FILES:
            name = name.removesuffix(".wxr")
            print(f"==> {name}", flush=True)
            results[name] = bench_thread(tmp, name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report = table(results, database)
    print(report)
    out = ROOT / "bench" / "results" / "latest.md"
    out.write_text(report)
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
