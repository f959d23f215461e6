"""A deterministic WordPress site of a given size, written as a WXR file.

`python -m bench.site.generate COMMENTS FILE`. One `random.Random(seed)`, no clock:
the same size gives the same bytes. Written item by item, comment by comment, so
that a million comments need no more memory than one post's thread shape.

The shapes are the reference threads' (../shared/bench/make_threads.py): a third of
the comments start a thread, the others answer a recent comment or an older one, up
to five deep; a few regulars write most comments; the post author answers now and
then. On top of that, for a whole site: posts of very different sizes (most with a
few dozen comments, three big ones of 5,000, 2,000 and 1,000 at the default size),
one long back-and-forth of fifty replies in each big post, and some held, spam,
trashed comments and pingbacks.
"""

import random
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from itertools import accumulate
from xml.sax.saxutils import escape

SITE = "http://site.example.com"
START = datetime(2019, 1, 7, 8, 0, tzinfo=UTC)
DEFAULT_COMMENTS = 200_000
COMMENTS_PER_POST = 200  # on average: 1,000 posts at the default size
BIG_POSTS = (5000, 2000, 1000)
LONG_EXCHANGE = 50
STATES = (("1", 94), ("0", 3), ("spam", 2), ("trash", 1))

WORDS = """system idea post garden kettle library bicycle window morning river
question answer version server bridge notebook recipe journey village
market pattern method result detail problem reason theory example
habit chapter project weekend weather neighbour teacher student engine
harbour island forest mountain kitchen lantern ticket letter picture
camera screen keyboard folder queue cache schema thread comment reply
draft review summary argument budget planet signal circuit battery
cable pocket button shelf ladder blanket pillow coffee biscuit
sandwich orchard meadow valley compass map journal festival
""".split()  # noqa: SIM905
ADJECTIVES = """quiet bright simple careful useful strange gentle clever honest rapid
subtle heavy light narrow broad modest curious patient stubborn tidy
messy reliable fragile ancient modern fresh stale warm cold noisy
silent elegant clumsy vivid pale sturdy flexible obvious hidden
generous awkward polite
""".split()  # noqa: SIM905
VERBS = """build explain borrow measure follow repeat improve ignore notice
remember compare describe answer change carry collect deliver discover
imagine manage mention prefer prepare protect reduce replace review
share simplify test trust update wander wonder write read fix sort
move
""".split()  # noqa: SIM905
SUBJECTS = ["I", "we", "you", "they", "it", "nobody", "everyone", "my friend"]
MODALS = ["can", "should", "will", "might", "would", "could", "did not", "cannot"]
FIRST = """Alice Bruno Chloé Dmitri Elif Farid Greta Hiroshi Inès Jonas Kalinda
Łukasz Marta Nuno Olga Pedro Quinn Renée Søren Tomasz Ulla Vikram Wen
Xavier Yasmin Zoë Björn José Ayşe Matías Amélie Jürgen Ngozi Oisín
Priya Rafał
""".split()  # noqa: SIM905
LAST = """Anders Bauer Castillo Dąbrowski Eriksen Fontaine García Hughes Ibáñez
Jensen Kowalczyk Lindqvist Moreau Nakamura Petrović Quintero Rossi
Schäfer Tanaka Ueda Varga Weiß Yildiz Zieliński Müller Núñez Øvergaard
Okafor Nguyễn Ferreira Kaur
""".split()  # noqa: SIM905
AUTHOR = ("Marguerite Okonkwo-Lind", "marguerite@site.example.com")


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    url: str


class Text:
    """English-like sentences from a small vocabulary, Markdown here and there."""

    def __init__(self, rng: random.Random):
        self.r = rng

    def sentence(self) -> str:
        r = self.r
        words = [
            r.choice(SUBJECTS),
            r.choice(MODALS),
            r.choice(VERBS),
            "the",
            r.choice(ADJECTIVES),
            r.choice(WORDS),
        ]
        if r.random() < 0.4:
            words += ["with", "a", r.choice(WORDS)]
        x = r.random()
        if x < 0.05:
            words[-1] = f"*{words[-1]}*"
        elif x < 0.07:
            words[-1] = f"[{words[-1]}](https://docs.example.org/{words[-1]})"
        text = " ".join(words)
        return text[0].upper() + text[1:] + r.choice(".....?!")

    def paragraph(self, low: int = 1, high: int = 4) -> str:
        return " ".join(self.sentence() for _ in range(self.r.randint(low, high)))

    def comment(self) -> str:
        count = self.r.choices([1, 2, 3, 4, 5], weights=[46, 28, 14, 8, 4])[0]
        return "\n\n".join(self.paragraph() for _ in range(count))

    def title(self, number: int) -> str:
        r = self.r
        return (
            f"{r.choice(['Notes on', 'Why', 'A guide to', 'What I learned from'])} "
            f"the {r.choice(ADJECTIVES)} {r.choice(WORDS)} ({number})"
        )

    def article(self) -> str:
        parts = [self.paragraph(3, 5)]
        for _ in range(self.r.randint(2, 4)):
            parts += [f"## The {self.r.choice(WORDS)}", self.paragraph(2, 5)]
        return "\n\n".join(parts)


def people(rng: random.Random, count: int) -> list[Person]:
    """`count` commenters, each with their own address; a third with a website."""
    found = []
    for number in range(count):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        email = f"reader{number}@example.{rng.choice(['com', 'org', 'net'])}"
        url = f"https://reader{number}.example/" if rng.random() < 0.35 else ""
        found.append(Person(name, email, url))
    return found


def regular(size: int = DEFAULT_COMMENTS) -> Person:
    """The site's most frequent commenter: their comments are approved at once."""
    return people(random.Random(size), 1)[0]


def post_sizes(rng: random.Random, total: int) -> list[int]:
    """Comments per post: the big ones first, then the rest spread unevenly."""
    posts = max(1, total // COMMENTS_PER_POST)
    scale = min(1.0, total / DEFAULT_COMMENTS)
    big = [max(1, int(size * scale)) for size in BIG_POSTS][: max(0, posts - 1)]
    rest = total - sum(big)
    small = posts - len(big)
    weights = [min(10.0, rng.paretovariate(1.6)) for _ in range(small)]
    whole = sum(weights)
    sizes = [int(rest * w / whole) for w in weights]
    sizes[0] += rest - sum(sizes)
    return big + sizes


def thread_shape(rng: random.Random, count: int, long_exchange: bool):
    """Each of `count` comments' parent index (None: a new thread), in arrival order."""
    depth: list[int] = []
    exchange_from = count // 3 if long_exchange and count > 3 * LONG_EXCHANGE else -1
    for i in range(count):
        if 0 <= exchange_from < i <= exchange_from + LONG_EXCHANGE:
            parent = i - 1  # two people answering each other, ever deeper
        elif i == 0 or rng.random() < 0.3:
            parent = None
        elif rng.random() < 0.6:
            recent = [j for j in range(max(0, i - 30), i) if depth[j] < 5]
            parent = rng.choice(recent) if recent else None
        else:
            parent = rng.randrange(i)
            parent = parent if depth[parent] < 5 else None
        depth.append(1 if parent is None else depth[parent] + 1)
        yield parent


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wp_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


HEAD = f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" \
xmlns:content="http://purl.org/rss/1.0/modules/content/" \
xmlns:wfw="http://wellformedweb.org/CommentAPI/" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench site</title>
<link>{SITE}</link>
<description>A generated site for benchmarks</description>
<language>en-US</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{SITE}</wp:base_site_url>
<wp:base_blog_url>{SITE}</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>{cdata("marguerite")}\
</wp:author_login><wp:author_email>{cdata(AUTHOR[1])}</wp:author_email>\
<wp:author_display_name>{cdata(AUTHOR[0])}</wp:author_display_name></wp:author>
"""


def post_xml(number: int, title: str, slug: str, body: str, when: datetime) -> str:
    return f"""<item>
<title>{escape(title)}</title>
<link>{SITE}/{when:%Y/%m}/{slug}/</link>
<pubDate>{format_datetime(when)}</pubDate>
<dc:creator>{cdata("marguerite")}</dc:creator>
<guid isPermaLink="false">{SITE}/?p={number}</guid>
<content:encoded>{cdata(body)}</content:encoded>
<excerpt:encoded>{cdata("")}</excerpt:encoded>
<wp:post_id>{number}</wp:post_id>
<wp:post_date>{cdata(wp_date(when))}</wp:post_date>
<wp:post_date_gmt>{cdata(wp_date(when))}</wp:post_date_gmt>
<wp:comment_status>{cdata("open")}</wp:comment_status>
<wp:post_name>{cdata(slug)}</wp:post_name>
<wp:status>{cdata("publish")}</wp:status>
<wp:post_type>{cdata("post")}</wp:post_type>
<category domain="post_tag" nicename="tag-{number % 40}">{cdata(f"Tag {number % 40}")}\
</category>
"""


def comment_xml(wp_id, parent_id, person: Person, body, when, state, kind) -> str:
    return (
        f"<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>"
        f"<wp:comment_author>{cdata(person.name)}</wp:comment_author>"
        f"<wp:comment_author_email>{cdata(person.email)}</wp:comment_author_email>"
        f"<wp:comment_author_url>{escape(person.url)}</wp:comment_author_url>"
        f"<wp:comment_author_IP>{cdata(f'203.0.113.{wp_id % 250 + 1}')}"
        "</wp:comment_author_IP>"
        f"<wp:comment_date>{cdata(wp_date(when))}</wp:comment_date>"
        f"<wp:comment_date_gmt>{cdata(wp_date(when))}</wp:comment_date_gmt>"
        f"<wp:comment_content>{cdata(body)}</wp:comment_content>"
        f"<wp:comment_approved>{cdata(state)}</wp:comment_approved>"
        f"<wp:comment_type>{cdata(kind)}</wp:comment_type>"
        f"<wp:comment_parent>{parent_id}</wp:comment_parent>"
        "<wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n"
    )


def write_site(out, total: int = DEFAULT_COMMENTS) -> list[int]:
    """Write a site of about `total` comments to the text stream `out`; the number
    of comments of each post, in the order of the posts."""
    rng = random.Random(total)
    readers = people(rng, max(50, total // 40))
    cumulative = list(accumulate(1 / (rank + 3) for rank in range(len(readers))))
    author = Person(*AUTHOR, url=SITE + "/")
    text = Text(rng)
    sizes = post_sizes(rng, total)
    states, state_weights = zip(*STATES, strict=True)
    out.write(HEAD)
    wp_id = 0
    for number, size in enumerate(sizes, start=1):
        published = START + timedelta(hours=36 * number)
        title = text.title(number)
        out.write(post_xml(number, title, f"post-{number}", text.article(), published))
        when = published + timedelta(minutes=rng.randint(5, 40))
        first_id = wp_id + 1
        for parent in thread_shape(rng, size, size >= 1000):
            wp_id += 1
            if parent is not None and rng.random() < 0.08:
                person = author
            else:
                person = rng.choices(readers, cum_weights=cumulative)[0]
            when += timedelta(seconds=20 + int(rng.expovariate(1 / 600)))
            kind = "pingback" if parent is None and rng.random() < 0.005 else ""
            state = "1" if person is author else rng.choices(states, state_weights)[0]
            parent_id = 0 if parent is None else first_id + parent
            out.write(
                comment_xml(wp_id, parent_id, person, text.comment(), when, state, kind)
            )
        out.write("</item>\n")
    out.write("</channel>\n</rss>\n")
    return sizes


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_COMMENTS
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        sizes = write_site(out, total)
    print(f"{len(sizes)} posts, {sum(sizes)} comments, biggest {max(sizes)}")


if __name__ == "__main__":
    main()
