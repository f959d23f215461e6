"""Comments posted through a blog's real form, as readers post them: shared by
Colloquy's bench and the WordPress peer's (bench/wordpress/)."""

import http.cookiejar
import re
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

POSTS_TO_WRITE = 200
WRITERS = 8


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 is the answer; urllib raises it as an HTTPError


def post_comments(
    page_url: str,
    post_url: str,
    read_form: Callable[[str], dict],
    names: dict[str, str],
    permalink: re.Pattern,
) -> tuple[float, list[str]]:
    """POSTS_TO_WRITE comments from WRITERS writers at once: the wall time in
    seconds and the refused answers.

    Each writer first reads the page once, untimed, for its cookies and the form
    fields `read_form` finds in the HTML. `names` gives the form's names of the
    comment's "author", "email" and "body". Timed from the first POST to the last
    answer; the accepted answer is a 302 to a `permalink`, not followed (the page
    it leads to is a page view). Any other answer is a refused comment, reported.
    """

    def reader(index: int):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), NoRedirect
        )
        html = opener.open(page_url, timeout=60).read().decode()
        return opener, read_form(html)

    def writer(index: int) -> list[str]:
        opener, fields = forms[index]
        refused = []
        for n in range(index, POSTS_TO_WRITE, WRITERS):
            data = urllib.parse.urlencode(
                {
                    **fields,
                    names["author"]: f"Reader {n}",
                    names["email"]: f"reader{n}@example.com",
                    names["body"]: f"Benchmark comment number {n}: "
                    f"{secrets.token_hex(8)}.",
                }
            ).encode()
            request = urllib.request.Request(
                post_url, data=data, headers={"Referer": page_url}
            )
            try:
                with opener.open(request, timeout=60) as response:
                    response.read()
                    status, location = response.status, ""
            except urllib.error.HTTPError as answer:
                answer.read()
                status, location = answer.code, answer.headers.get("Location", "")
            if status != 302 or not permalink.search(location):
                refused.append(f"{status} {location}".strip())
        return refused

    with ThreadPoolExecutor(WRITERS) as pool:
        forms = list(pool.map(reader, range(WRITERS)))
        start = time.perf_counter()
        refused = [r for answers in pool.map(writer, range(WRITERS)) for r in answers]
        elapsed = time.perf_counter() - start
    if refused:
        print(
            f"warning: {len(refused)} of {POSTS_TO_WRITE} comments refused "
            f"(first answer: {refused[0]})",
            file=sys.stderr,
        )
    return elapsed, refused
