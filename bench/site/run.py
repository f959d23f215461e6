"""`make bench-site`: a whole generated site on PostgreSQL + Redis, measured.

It writes a deterministic site of SIZE comments (bench/site/generate.py) as a WXR
file, imports it with `manage.py import_wxr` into DATABASE_URL's database (emptied
first: use one you can lose), checks its comment trees, serves it with gunicorn as
`make bench` does (bench/server.py) and measures the rows of issue 21's table:
public search, the sitemap, a big post's comment feed, the first view of the
biggest post, the admin's comment list, search, deep page and bulk approval, and
150 comments posted into the biggest post with a reader's view after each (its
time, and what the cache then holds in Redis). It prints one Markdown table and
writes it to bench/site/results/latest.md.
"""

import http.cookiejar
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.clients import NoRedirect
from bench.run import bench_env, fresh_database, manage, manage_measured
from bench.server import PYTHON, ROOT, Server
from bench.site.generate import DEFAULT_COMMENTS, regular, write_site

REPEAT = 10
NEW_COMMENTS = 150
CHECK_TIMEOUT = int(os.environ.get("CHECK_TIMEOUT", "600"))
ADMIN = ("bench-admin", "bench-admin-password-1")


def child(env, script: str, *args) -> dict:
    """Run `script` with Django set up in a child process; the JSON it prints."""
    code = "import django, json, sys; django.setup()\n" + script
    out = subprocess.run(
        [PYTHON, "-c", code, *args], cwd=ROOT, env=env, check=True, capture_output=True
    ).stdout.decode()
    return json.loads(out.splitlines()[-1])


SITE_FACTS = """
from django.db import connection
from django.db.models import Count
from blog.models import Post
from comments.models import Comment
from accounts.models import User
User.objects.create_superuser(sys.argv[1], "admin@example.com", sys.argv[2])
big = Post.objects.annotate(n=Count("comments")).order_by("-n", "pk")
biggest = big[0]
sizes = {}
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        for name in ("blog_wordpressrecord", "comments_comment"):
            cursor.execute("SELECT pg_total_relation_size(%s)", [name])
            sizes[name] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT indexrelname, pg_relation_size(indexrelid) FROM "
            "pg_stat_user_indexes WHERE indexrelname LIKE 'comments_page%%'"
        )
        sizes.update(dict(cursor.fetchall()))
        cursor.execute("SELECT pg_database_size(current_database())")
        sizes["database"] = cursor.fetchone()[0]
pending = Comment.objects.filter(status="pending").order_by("pk")
print(json.dumps({
    "posts": Post.objects.count(),
    "comments": Comment.objects.count(),
    "biggest": [biggest.get_absolute_url(), biggest.pk, biggest.n],
    "second": [big[1].get_absolute_url(), big[1].pk, big[1].n],
    "pending": list(pending.values_list("pk", flat=True)[:100]),
    "pending_post": pending.first().post_id,
    "sizes": sizes,
}))
"""


def timed(opener, url: str, data: bytes | None = None, status: int = 200) -> float:
    """Milliseconds to the whole answer of one request."""
    start = time.perf_counter()
    try:
        with opener.open(url, data=data, timeout=600) as response:
            response.read()
            code = response.status
    except urllib.error.HTTPError as answer:
        answer.read()
        code = answer.code
    elapsed = (time.perf_counter() - start) * 1000
    if code != status:
        raise RuntimeError(f"{url}: {code}, not {status}")
    return elapsed


def median(opener, url: str, repeat: int = REPEAT) -> float:
    timed(opener, url)  # the first may fill a cache: the others are the readers'
    return statistics.median(timed(opener, url) for _ in range(repeat))


def openers_with_cookies():
    """Two openers sharing cookies: one follows redirects, the other does not."""
    cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    return (
        urllib.request.build_opener(cookies),
        urllib.request.build_opener(cookies, NoRedirect),
    )


def form_fields(html: str) -> dict:
    hidden = r'name="(csrfmiddlewaretoken|timestamp|post_id)" value="([^"]*)"'
    return dict(re.findall(hidden, html))


def admin_session(base: str):
    """Two openers signed in to the admin as the bench's superuser (see
    openers_with_cookies)."""
    opener, no_redirect = openers_with_cookies()
    login = base + "/admin/login/?next=/admin/"
    html = opener.open(login, timeout=60).read().decode()
    token = form_fields(html)["csrfmiddlewaretoken"]
    data = {"username": ADMIN[0], "password": ADMIN[1], "csrfmiddlewaretoken": token}
    opener.open(login, data=urllib.parse.urlencode(data).encode(), timeout=60).read()
    return opener, no_redirect


def csrf_token(opener, url: str) -> str:
    html = opener.open(url, timeout=600).read().decode()
    return form_fields(html)["csrfmiddlewaretoken"]


def sitemap_parts(opener, base: str) -> list[str]:
    """The sitemap's own address and, if it is an index, each part's."""
    xml = opener.open(base + "/sitemap.xml", timeout=60).read().decode()
    parts = re.findall(r"<sitemap>\s*<loc>([^<]+)</loc>", xml)
    found = ["/sitemap.xml"]
    for part in parts:
        split = urllib.parse.urlsplit(part)
        found.append(split.path + (f"?{split.query}" if split.query else ""))
    return found


def redis_usage(prefix: str) -> tuple[int, int, int]:
    """(keys, thread keys, bytes) under the run's cache key prefix in REDIS_URL."""
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    keys = threads = used = 0
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        keys += 1
        threads += b"comments:thread:" in key
        used += client.memory_usage(key) or 0
    return keys, threads, used


def redis_forget(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


def post_and_read(base: str, post_url: str) -> list[float]:
    """NEW_COMMENTS comments by the site's regular commenter (approved at once),
    each followed by a cookie-less reader's view of the post: that view's ms."""
    writer = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
    )
    reader = urllib.request.build_opener()
    person = regular(int(os.environ.get("SIZE", DEFAULT_COMMENTS)))
    views = []
    for number in range(NEW_COMMENTS):
        fields = form_fields(writer.open(base + post_url, timeout=600).read().decode())
        data = {
            **fields,
            "author_name": person.name,
            "author_email": person.email,
            "body": f"Another thought, number {number}, on this long discussion.",
        }
        timed(
            writer,
            base + "/comments/post/",
            urllib.parse.urlencode(data).encode(),
            status=302,
        )
        views.append(timed(reader, base + post_url))
    return views


def measure_public(server: Server, facts: dict) -> dict:
    base, reader = server.base, urllib.request.build_opener()
    biggest_url, biggest_pk, _ = facts["biggest"]
    first = "first view of the biggest post after import"
    rows = {
        first: timed(reader, base + biggest_url),
        "first view of the second post after import": timed(
            reader, base + facts["second"][0]
        ),
    }
    for word in ("garden", "kettle lantern", "zebra"):
        rows[f"public search `{word}`"] = median(
            reader, base + "/search/?" + urllib.parse.urlencode({"q": word})
        )
    for part in sitemap_parts(reader, base):
        rows[f"`{part}`"] = median(reader, base + part)
    rows["comment feed of the biggest post"] = median(
        reader, f"{base}/comments/feed/{biggest_pk}/"
    )
    return rows


def measure_admin(server: Server, facts: dict) -> dict:
    base = server.base
    admin, no_redirect = admin_session(base)
    changelist = base + "/admin/comments/comment/"
    person = regular(int(os.environ.get("SIZE", DEFAULT_COMMENTS)))
    rows = {}
    for label, query in (
        ("admin comment list", ""),
        ("admin comment list, pending", "?status=pending"),
        ("admin comment list, one post", f"?post__id__exact={facts['biggest'][1]}"),
        ("admin comment page 500", "?p=499"),
        (
            "admin comment search, a name",
            "?" + urllib.parse.urlencode({"q": person.name.split()[-1]}),
        ),
        ("admin comment search, a word", "?q=lantern"),
    ):
        rows[label] = median(admin, changelist + query, repeat=3)
    token = csrf_token(admin, changelist + "?status=pending")
    data = [
        ("action", "action_approve"),
        ("index", "0"),
        ("select_across", "0"),
        ("csrfmiddlewaretoken", token),
    ]
    data += [("_selected_action", str(pk)) for pk in facts["pending"]]
    rows[f"admin bulk approve {len(facts['pending'])} (to its 302)"] = timed(
        no_redirect,
        changelist + "?status=pending",
        urllib.parse.urlencode(data).encode(),
        status=302,
    )
    return rows


def check_trees(env) -> str:
    start = time.perf_counter()
    try:
        subprocess.run(
            [PYTHON, "manage.py", "check_comment_trees"],
            cwd=ROOT,
            env=env,
            timeout=CHECK_TIMEOUT,
            check=True,
            capture_output=True,
        )
    except subprocess.TimeoutExpired:
        return f"> {CHECK_TIMEOUT} s (stopped)"
    return f"{time.perf_counter() - start:.1f} s"


def table(size: int, facts: dict, results: dict) -> str:
    lines = [
        f"Colloquy on a generated site (PostgreSQL + Redis, gunicorn "
        f"{2 * (os.cpu_count() or 1) + 1} workers on {os.cpu_count()} cores): "
        f"SIZE={size}: {facts['posts']:,} posts, {facts['comments']:,} comments, "
        f"the biggest post {facts['biggest'][2]:,} comments. Pages: median of "
        f"{REPEAT} sequential requests after one (admin pages: of 3), "
        "no cookies unless signed in to the admin.",
        "",
        "| what | measured |",
        "| --- | --- |",
    ]
    lines += [f"| {what} | {value} |" for what, value in results.items()]
    lines.append("")
    return "\n".join(lines)


def ms(value: float) -> str:
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def main() -> None:
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        sys.exit("make bench-site needs DATABASE_URL (emptied!) and REDIS_URL")
    size = int(os.environ.get("SIZE", DEFAULT_COMMENTS))
    tmp = Path(tempfile.mkdtemp(prefix="colloquy-site-"))
    env = bench_env(tmp)
    wxr = tmp / "site.wxr"
    results = {}
    try:
        start = time.perf_counter()
        with open(wxr, "w", encoding="utf-8") as out:
            write_site(out, size)
        print(f"==> generated {wxr.stat().st_size / 1e6:.0f} MB", flush=True)
        results["generate the WXR file"] = (
            f"{time.perf_counter() - start:.0f} s, {wxr.stat().st_size / 1e6:.0f} MB"
        )
        manage(env, "collectstatic", "--noinput", "-v", "0")
        fresh_database(env)
        elapsed, peak = manage_measured(env, "import_wxr", str(wxr))
        results["`import_wxr` of the file"] = f"{elapsed:.0f} s, {peak:.0f} MB peak"
        wxr.unlink()
        print("==> imported; checking the comment trees", flush=True)
        results["`check_comment_trees`"] = check_trees(env)
        facts = child(env, SITE_FACTS, *ADMIN)
        server = Server(env, cold=False)
        try:
            print("==> public pages", flush=True)
            results.update((k, ms(v)) for k, v in measure_public(server, facts).items())
            print("==> admin pages", flush=True)
            results.update((k, ms(v)) for k, v in measure_admin(server, facts).items())
            print("==> comments posted into the biggest post", flush=True)
            views = sorted(post_and_read(server.base, facts["biggest"][0]))
            results[f"view after each of {NEW_COMMENTS} new comments, biggest post"] = (
                f"median {ms(statistics.median(views))}, "
                f"p90 {ms(views[int(len(views) * 0.9)])}"
            )
            keys, threads, used = redis_usage(env["CACHE_KEY_PREFIX"])
            results[f"Redis after those {NEW_COMMENTS} comments"] = (
                f"{used / 1e6:.1f} MB in {keys} keys ({threads} threads)"
            )
        finally:
            server.stop()
        for name, value in facts["sizes"].items():
            results[f"size of `{name}`"] = f"{value / 1e6:.1f} MB"
    finally:
        redis_forget(env["CACHE_KEY_PREFIX"])
        shutil.rmtree(tmp, ignore_errors=True)
    report = table(size, facts, results)
    print(report)
    out = ROOT / "bench" / "site" / "results" / "latest.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(report)
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
