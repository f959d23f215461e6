"""RSS 2.0 and Atom feeds, for the whole site and per tag."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://blog.example.com"


@pytest.fixture
def posts():
    life = TagFactory(name="Life")
    return [
        PostFactory(
            title="Real Relationships",
            excerpt="About agendas & friends.",
            author=UserFactory(display_name="Ann Writer"),
            tags=[life],
            published_at=timezone.now() - datetime.timedelta(days=1),
        ),
        PostFactory(
            title="Untagged post",
            published_at=timezone.now() - datetime.timedelta(days=2),
        ),
        PostFactory(title="A draft", status=Post.Status.DRAFT, tags=[life]),
        PostFactory(
            title="Scheduled",
            tags=[life],
            published_at=timezone.now() + datetime.timedelta(days=1),
        ),
    ]


def rss(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    for item in channel.findall("item"):
        for required in ("title", "link", "guid", "pubDate", "description"):
            assert item.findtext(required), required
    return channel


def atom(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{required}")
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), required
        assert entry.find(f"{ATOM}link").get("href")
        assert entry.findtext(f"{ATOM}author/{ATOM}name")
    return root


def test_rss_feed_is_valid_rss_2_with_the_published_posts_newest_first(client, posts):
    channel = rss(client, "/feed/")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Real Relationships", "Untagged post"]


def test_rss_items_link_absolutely_and_carry_the_excerpt_and_tags(client, posts):
    item = rss(client, "/feed/").find("item")
    link = f"https://blog.example.com{posts[0].get_absolute_url()}"
    assert item.findtext("link") == link
    assert item.findtext("guid") == link
    assert item.findtext("description") == "About agendas & friends."
    assert [c.text for c in item.findall("category")] == ["Life"]


def test_atom_feed_is_valid_atom_with_the_published_posts(client, posts):
    root = atom(client, "/feed/atom/")
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert titles == ["Real Relationships", "Untagged post"]
    assert root.find(f"{ATOM}entry/{ATOM}author/{ATOM}name").text == "Ann Writer"


def test_atom_feed_names_its_own_absolute_address(client, posts):
    root = atom(client, "/feed/atom/")
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "https://blog.example.com/feed/atom/"


def test_tag_rss_feed_has_the_published_posts_with_that_tag(client, posts):
    channel = rss(client, "/tag/life/feed/")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Real Relationships"]
    assert channel.findtext("link") == "https://blog.example.com/tag/life/"


def test_tag_atom_feed_has_the_published_posts_with_that_tag(client, posts):
    root = atom(client, "/tag/life/feed/atom/")
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert titles == ["Real Relationships"]


def test_the_feed_of_an_unknown_tag_is_not_found(client):
    assert client.get("/tag/nothing/feed/").status_code == 404


def test_feeds_parse_when_there_are_no_posts_yet(client):
    assert rss(client, "/feed/").findall("item") == []
    assert atom(client, "/feed/atom/").findall(f"{ATOM}entry") == []


# Whatever is stored (a row from before titles and names were cleaned on the way
# in, or written by the ORM), every feed is written and is XML.


@pytest.fixture
def unclean_post():
    """A title, excerpt, tag and author name holding what XML cannot carry."""
    return PostFactory(
        title="Real\x01 Relationships\ufffe",
        excerpt="About\x08 agendas.",
        author=UserFactory(display_name="Ann\r\n\u202eWriter\x1b"),
        tags=[TagFactory(name="Li\x0cfe", slug="life")],
    )


@pytest.mark.parametrize("url", ["/feed/", "/tag/life/feed/"])
def test_an_rss_feed_survives_text_no_xml_can_hold(client, unclean_post, url):
    item = rss(client, url).find("item")
    assert item.findtext("title") == "Real Relationships"
    assert item.findtext("description") == "About agendas."
    assert [c.text for c in item.findall("category")] == ["Life"]


@pytest.mark.parametrize("url", ["/feed/atom/", "/tag/life/feed/atom/"])
def test_an_atom_feed_survives_text_no_xml_can_hold(client, unclean_post, url):
    entry = atom(client, url).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Real Relationships"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Ann Writer"
    assert entry.find(f"{ATOM}category").get("term") == "Life"
