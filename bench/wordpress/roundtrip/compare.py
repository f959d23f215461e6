"""Compare the source blog with the blog brought back from WordPress (roundtrip.sh):

    python -m bench.wordpress.roundtrip.compare SOURCE.json BACK.json TITLE

prints a Markdown section: what survived, and each difference, field by field.
It needs only Python's standard library.
"""

import json
import sys

POST_FIELDS = ("title", "status", "date", "password", "markup", "body", "tags", "cover")
PAGE_FIELDS = ("title", "published", "markup", "body")
COMMENT_FIELDS = ("parent", "status", "kind", "body")


def _differences(name: str, source: dict, back: dict, fields) -> list[str]:
    return [
        f"{name}: {field} {source[field]!r} came back as {back[field]!r}"
        for field in fields
        if source[field] != back[field]
    ]


def _comments(slug: str, source: list, back: list) -> tuple[int, list[str]]:
    """Comments matched by author and date; the parent by its own."""
    found = {(c["author"], c["date"]): c for c in back}
    same, lost = 0, []
    for comment in source:
        key = (comment["author"], comment["date"])
        name = f"{slug}, comment by {comment['author'] or '(no name)'} at {key[1]}"
        if key not in found:
            lost.append(f"{name} ({comment['status']}): missing")
            continue
        differences = _differences(name, comment, found.pop(key), COMMENT_FIELDS)
        lost += differences
        same += not differences
    lost += [f"{slug}: an extra comment by {k[0]} at {k[1]}" for k in found]
    return same, lost


def compare(source: dict, back: dict) -> tuple[list[tuple], list[str]]:
    """(what, in the source, came back whole) rows, and the differences."""
    differences = []
    posts_same = comments_total = comments_same = 0
    for slug, post in source["posts"].items():
        comments_total += len(post["comments"])
        if slug not in back["posts"]:
            differences.append(f"post {slug}: missing")
            continue
        other = back["posts"][slug]
        found = _differences(f"post {slug}", post, other, POST_FIELDS)
        same, lost = _comments(slug, post["comments"], other["comments"])
        comments_same += same
        differences += found + lost
        posts_same += not found
    differences += [f"post {s}: extra" for s in back["posts"].keys() - source["posts"]]
    pages_same = 0
    for slug, page in source["pages"].items():
        if slug not in back["pages"]:
            differences.append(f"page {slug}: missing")
            continue
        found = _differences(f"page {slug}", page, back["pages"][slug], PAGE_FIELDS)
        differences += found
        pages_same += not found
    covers = [p["cover"] for p in source["posts"].values() if p["cover"]]
    covers_back = sum(
        1
        for slug, p in source["posts"].items()
        if p["cover"] and back["posts"].get(slug, {}).get("cover") == p["cover"]
    )
    tags = {t for p in source["posts"].values() for t in p["tags"]}
    tags_back = {t for p in back["posts"].values() for t in p["tags"]}
    passwords = [p for p in source["posts"].values() if p["password"]]
    rows = [
        ("posts", len(source["posts"]), posts_same),
        ("pages", len(source["pages"]), pages_same),
        ("comments", comments_total, comments_same),
        ("tags", len(tags), len(tags & tags_back)),
        ("cover images", len(covers), covers_back),
        (
            "passwords",
            len(passwords),
            sum(
                1
                for slug, p in source["posts"].items()
                if p["password"]
                and back["posts"].get(slug, {}).get("password") == p["password"]
            ),
        ),
    ]
    return rows, differences


def main(source_path: str, back_path: str, title: str) -> None:
    with open(source_path) as handle:
        source = json.load(handle)
    with open(back_path) as handle:
        back = json.load(handle)
    rows, differences = compare(source, back)
    print(f"### {title}\n")
    print("| what | in Colloquy | back whole |")
    print("| --- | --- | --- |")
    for what, total, same in rows:
        print(f"| {what} | {total} | {same} |")
    print()
    if differences:
        print("Differences:\n")
        print("\n".join(f"- {line}" for line in differences))
    else:
        print("No difference.")
    print()


if __name__ == "__main__":
    main(*sys.argv[1:])
