"""What WordPress shows of the round trip's Markdown post (roundtrip.sh): its page,
as WordPress serves it, checked for HTML and for Markdown left raw.

    python -m bench.wordpress.roundtrip.shown PAGE.html
"""

import sys

# What the post's Markdown becomes in HTML, and what would show it was left raw.
RENDERED = ("<strong>bold</strong>", "<table", "<pre", '<a href="https://example.org/"')
RAW = ("**bold**", "|------|", "```", "[a link](")


def main(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        page = handle.read()
    print("| looked for | found |")
    print("| --- | --- |")
    for marker in RENDERED + RAW:
        kind = "HTML" if marker in RENDERED else "raw Markdown"
        shown = marker.replace("|", "\\|")  # in a table cell
        print(f"| {kind}: `` {shown} `` | {'yes' if marker in page else 'no'} |")


if __name__ == "__main__":
    main(*sys.argv[1:])
