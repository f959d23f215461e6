"""A WXR export's posts and their comments as JSON, for import.php (Debian's PHP
here has no XML extension): `python3 wxr_to_json.py FILE.wxr > FILE.json`."""

import json
import sys
import xml.etree.ElementTree as ET

WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}encoded"
COMMENT_FIELDS = (
    "comment_id",
    "comment_author",
    "comment_author_email",
    "comment_author_url",
    "comment_author_IP",
    "comment_date",
    "comment_date_gmt",
    "comment_content",
    "comment_approved",
    "comment_type",
    "comment_parent",
    "comment_user_id",
)


def text(element: ET.Element, tag: str) -> str:
    return element.findtext(tag) or ""


def post(item: ET.Element) -> dict:
    return {
        "post_id": int(text(item, WP + "post_id")),
        "post_title": text(item, "title"),
        "post_content": text(item, CONTENT),
        "post_excerpt": text(item, EXCERPT),
        "post_date": text(item, WP + "post_date"),
        "post_date_gmt": text(item, WP + "post_date_gmt"),
        "comment_status": text(item, WP + "comment_status"),
        "ping_status": text(item, WP + "ping_status"),
        "post_name": text(item, WP + "post_name"),
        "post_status": text(item, WP + "status"),
        "post_type": text(item, WP + "post_type"),
        "post_password": text(item, WP + "post_password"),
        "guid": text(item, "guid"),
        "comments": [
            {field: text(comment, WP + field) for field in COMMENT_FIELDS}
            for comment in item.findall(WP + "comment")
        ],
    }


def main() -> None:
    root = ET.parse(sys.argv[1]).getroot()  # noqa: S314 (the bench's own threads)
    posts = [post(item) for item in root.findall("channel/item")]
    json.dump(posts, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
