"""Comments posted into a WordPress post through its form, with Colloquy's own
client (bench/clients.py): 200 comments, 8 writers, each POST to its 302.

usage: python -m bench.wordpress.post_comments PAGE_URL LABEL
One JSON line on stdout; comments/s is 200 / the wall time, refused ones included.
"""

import json
import re
import sys
from urllib.parse import urljoin

from bench.clients import POSTS_TO_WRITE, post_comments

HIDDEN_INPUT = re.compile(
    r"<input[^>]*name=['\"](comment_post_ID|comment_parent)['\"][^>]*>"
)
VALUE = re.compile(r"value=['\"]([^'\"]*)['\"]")


def read_form(html: str) -> dict:
    """The form's hidden post and parent ids, and its Website field, empty."""
    fields = {
        found.group(1): VALUE.search(found.group(0)).group(1)
        for found in HIDDEN_INPUT.finditer(html)
    }
    assert set(fields) == {"comment_post_ID", "comment_parent"}, fields
    return {**fields, "url": ""}  # a browser sends the empty field too


def main() -> None:
    page_url, label = sys.argv[1], sys.argv[2]
    elapsed, refused = post_comments(
        page_url,
        urljoin(page_url, "/wp-comments-post.php"),
        read_form=read_form,
        names={"author": "author", "email": "email", "body": "comment"},
        permalink=re.compile(r"#comment-\d+$"),
    )
    accepted = POSTS_TO_WRITE - len(refused)
    print(
        json.dumps(
            {
                "label": label,
                "accepted": accepted,
                "refused": len(refused),
                "first_refused": refused[0] if refused else None,
                "wall_s": round(elapsed, 3),
                "comments_per_s": round(POSTS_TO_WRITE / elapsed, 1),
                "accepted_per_s": round(accepted / elapsed, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
