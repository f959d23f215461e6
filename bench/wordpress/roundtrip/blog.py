"""The Colloquy ends of the round trip (roundtrip.sh), each against the database
its environment names (SQLITE_PATH, MEDIA_ROOT):

    python -m bench.wordpress.roundtrip.blog seed            the source blog
    python -m bench.wordpress.roundtrip.blog more            what a later export adds
    python -m bench.wordpress.roundtrip.blog snapshot OUT    what must survive, as JSON

The source blog is the demo blog and the cases the round trip must keep: Markdown
with a table, code and a footnote, a Markdown page, a password, a draft, a signed-
in reader without posts, a removed comment under which approved replies hang, one
removed alone, held ones and spam.
"""

import json
import os
import sys
from datetime import UTC, datetime, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from blog.models import Page, Post, Tag  # noqa: E402
from comments.models import Comment  # noqa: E402
from comments.services import (  # noqa: E402
    comment_approve,
    comment_create,
    comment_mark_spam,
    comment_remove,
)

MARKDOWN = """Markdown in **bold**, *emphasis*, `code` and [a link](https://example.org/).

| Tool | Use |
|------|-----|
| awk  | columns |
| sed  | lines |

```python
print("fenced code, straight quotes")
```

A footnote.[^1]

[^1]: The note.
"""
WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)


def _comment(post, name, body, *, parent=None, user=None, minutes=0, approve=True):
    comment = comment_create(
        post=post,
        parent=parent,
        user=user,
        author_name="" if user else name,
        author_email="" if user else f"{name.lower()}@example.net",
        author_url="",
        body=body,
        ip_address="192.0.2.9",
        user_agent="round trip",
        created_at=WHEN + timedelta(minutes=minutes),
    )
    if approve and comment.status != Comment.Status.APPROVED:
        comment = comment_approve(comment=comment)
    return comment


def seed() -> None:
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    author = get_user_model().objects.get(username="dana")
    reader = get_user_model().objects.create(
        username="rita",
        display_name="Rita Reader",
        email="rita@example.net",
        website="https://rita.example.net/",
    )
    post = Post.objects.create(
        title="Markdown in full",
        slug="markdown-in-full",
        author=author,
        body=MARKDOWN,
        status=Post.Status.PUBLISHED,
        published_at=WHEN,
    )
    post.tags.set([Tag.objects.get_or_create(name="Round trip")[0]])
    first = _comment(post, "Ann", "A *Markdown* comment.", minutes=1)
    _comment(post, "", "Signed in, no posts.", parent=first, user=reader, minutes=2)
    rude = _comment(post, "Troll", "Something rude.", minutes=3)
    _comment(post, "Bob", "An approved reply to it.", parent=rude, minutes=4)
    comment_remove(comment=rude)
    alone = _comment(post, "Cid", "Removed, alone.", minutes=5)
    comment_remove(comment=alone)
    _comment(post, "Dee", "Held for a moderator.", minutes=6, approve=False)
    spam = _comment(post, "Spammer", "Cheap watches.", minutes=7)
    comment_mark_spam(comment=spam)
    Post.objects.create(
        title="Behind a password",
        slug="behind-a-password",
        author=author,
        body="For friends.",
        password="friends",  # noqa: S106 - the post's, a case the trip must keep
        status=Post.Status.PUBLISHED,
        published_at=WHEN + timedelta(days=1),
    )
    Post.objects.create(
        title="Not yet",
        slug="not-yet",
        author=author,
        body="A *draft*.",
        status=Post.Status.DRAFT,
        published_at=WHEN + timedelta(days=2),
    )
    Page.objects.create(
        title="About", slug="about", body="I **write** here.", is_published=True
    )


def more() -> None:
    """What a later export of the same blog adds: a post and a reply."""
    post = Post.objects.get(slug="markdown-in-full")
    first = post.comments.get(author_name="Ann")
    _comment(post, "Eve", "A later reply.", parent=first, minutes=60)
    Post.objects.create(
        title="Written later",
        slug="written-later",
        author=post.author,
        body="New.",
        status=Post.Status.PUBLISHED,
        published_at=WHEN + timedelta(days=3),
    )


def _second(moment) -> str:
    """A date as WXR carries it: to the second."""
    return moment.replace(microsecond=0).isoformat()


def _comments(owner) -> list[dict]:
    rows = owner.comments.select_related("user", "parent", "parent__user")
    found = []
    for c in rows.order_by("tree_id", "lft"):
        parent = c.parent
        found.append(
            {
                "author": c.get_author_name(),
                "date": _second(c.created_at),
                "parent": [parent.get_author_name(), _second(parent.created_at)]
                if parent
                else None,
                "status": c.status,
                "kind": c.kind,
                "body": c.body.strip(),
            }
        )
    return found


def snapshot(out: str) -> None:
    posts = {}
    for post in Post.objects.prefetch_related("tags").order_by("slug"):
        posts[post.slug] = {
            "title": post.title,
            "status": post.status,
            "date": _second(post.published_at),
            "password": post.password,
            "markup": post.markup,
            "body": post.body.strip(),
            "tags": sorted(t.name for t in post.tags.all()),
            "cover": {
                "alt": post.cover_alt,
                "caption": post.cover_caption,
                "credit": post.cover_credit,
                "size": [post.cover_width, post.cover_height],
            }
            if post.cover_image
            else None,
            "comments": _comments(post),
        }
    pages = {
        page.slug: {
            "title": page.title,
            "published": page.is_published,
            "markup": page.markup,
            "body": page.body.strip(),
        }
        for page in Page.objects.order_by("slug")
    }
    with open(out, "w") as handle:
        json.dump({"posts": posts, "pages": pages}, handle, indent=1)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"seed": seed, "more": more, "snapshot": snapshot}[command](*args)
