"""A NUL character anywhere in a request gets a clear answer, never a 500.

PostgreSQL's text cannot hold a NUL: wherever one reached SQL (a slug, a search, an
old WordPress address, an admin search or filter, a session cookie, a user agent
stored with a comment) the database refused it and the reader got a 500. An
address holding one is not found (404), a query string or header holding one is a
bad request (400), a cookie holding one is ignored, and a form field refuses it
with a message or drops it. The walks over every URL pattern run on PostgreSQL,
where a NUL that slips through fails; the examples run on both databases.
"""

import re

import pytest
from django.urls import URLResolver, get_resolver, reverse

from blog.models import WordPressRecord
from comments.models import Comment
from tests.comments.helpers import POST_URL, form_data
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

# A route's parameters (`<slug:slug>`, `(?P<key>[-:\w]+)`) and a regex's anchors.
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")
ANCHORS = re.compile(r"\^|\$")


def url_patterns(resolver=None, prefix: str = ""):
    """Every URL pattern of the site, as `/tag/<slug>/`."""
    for pattern in (resolver or get_resolver()).url_patterns:
        text = prefix + ANCHORS.sub("", str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern, text)
        else:
            yield "/" + PARAMETER.sub(lambda m: f"<{m[1] or m[2]}>", text)


PATTERNS = sorted(set(url_patterns()))


def filled(pattern: str, value: str) -> str:
    return re.sub(r"<\w+>", value, pattern)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(client, superuser):
    """Signed in as a superuser: the admin's pages are reached, not its login."""
    client.force_login(superuser)
    return client


@pytest.mark.postgres
@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_address_with_a_nul_in_it_is_not_found(superuser_client, pattern):
    url = filled(pattern, "a%00b") if "<" in pattern else f"{pattern}%00"
    assert superuser_client.get(url).status_code == 404


@pytest.mark.postgres
@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_address_with_a_nul_in_its_query_is_a_bad_request(
    superuser_client, pattern
):
    query = "q=%00&page=1%00&p=%00&cpage=%00&replytocom=%00&next=%00&o=%00"
    response = superuser_client.get(f"{filled(pattern, '1')}?{query}")
    assert response.status_code == 400


ADMIN_LISTS = sorted(p for p in PATTERNS if re.fullmatch(r"/admin/\w+/\w+/", p))


@pytest.mark.postgres
@pytest.mark.parametrize("changelist", ADMIN_LISTS)
@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "status=%00", "author=%00"])
def test_every_admin_list_searched_or_filtered_with_a_nul_is_a_bad_request(
    superuser_client, changelist, query
):
    assert superuser_client.get(f"{changelist}?{query}").status_code == 400


# The reported examples, on both databases.


@pytest.mark.parametrize("url", ["/x%00", "/tag/a%00b/", "/author/a%00b/"])
def test_an_address_with_a_nul_is_the_friendly_not_found_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["q=%00", "q=real%00ships", "q=a&page=%00", "p=%00", "page_id=1%00"]
)
def test_a_search_or_old_address_with_a_nul_is_a_bad_request(client, query):
    path = "/search/" if query.startswith("q=") else "/"
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


@pytest.mark.parametrize("parameter", ["cpage", "replytocom"])
def test_a_post_page_asked_for_with_a_nul_is_a_bad_request(client, parameter):
    post = PostFactory()
    response = client.get(f"{post.get_absolute_url()}?{parameter}=1%00")
    assert response.status_code == 400


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "-1", "1e3"])
def test_an_old_address_whose_id_is_no_number_shows_the_home_page(client, value):
    WordPressRecord.objects.create(kind="post", wp_id=2, object_id=PostFactory().pk)
    assert client.get(f"/?p={value}").status_code == 200


@pytest.mark.postgres
def test_a_session_cookie_with_a_nul_is_ignored(client, settings):
    """Sessions in the database, as without REDIS_URL: the cookie is looked up."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    # Quoted, a cookie may write a NUL as \000 (RFC 2109, and so Python reads it).
    nul_key = '"' + "\\000" * 8 + '"'
    response = client.get(
        reverse("profile:profile"), HTTP_COOKIE=f"sessionid={nul_key}"
    )
    assert response.status_code == 302  # to sign in: no session was found


def test_a_comment_sent_with_a_nul_in_its_user_agent_is_a_bad_request(client):
    post = PostFactory()
    response = client.post(POST_URL, form_data(post), HTTP_USER_AGENT="Bot\x00/1")
    assert response.status_code == 400
    assert not Comment.objects.exists()
