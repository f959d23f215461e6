"""A NUL character anywhere in a request gets a clear answer, never a 500.

PostgreSQL's text cannot hold a NUL: wherever one reached SQL (a slug, a search, an
old WordPress address, an admin search or filter, a session cookie, a user agent
stored with a comment) the database refused it and the reader got a 500. An
address holding one is not found (404), a query string or header holding one is a
bad request (400), a cookie holding one is ignored, and a form field refuses it
with a message. The walks over every URL pattern run on PostgreSQL,
where a NUL that slips through fails; the examples run on both databases.
"""

import re

import pytest
from django.urls import URLResolver, get_resolver, reverse

from blog.models import Post, WordPressRecord
from comments.models import Comment
from tests.comments.helpers import POST_URL, form_data
from tests.factories import CommentFactory, PostFactory, UserFactory

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


# Form fields refuse a NUL with a message (Django's rule, kept by blog.text's
# fields): the comment form's in test_refusals, the others here.

NULL_REFUSED = "Null characters are not allowed."


@pytest.mark.parametrize("field", ["display_name", "website"])
def test_a_nul_in_a_profile_field_is_refused(client, field):
    user = UserFactory(display_name="Rita Reader", website="https://rita.example/")
    client.force_login(user)
    sent = {"display_name": "Rita Reader", "website": "https://rita.example/"}
    sent[field] = sent[field][:3] + "\x00" + sent[field][3:]
    response = client.post(reverse("profile:profile"), sent)
    assert response.status_code == 400
    assert NULL_REFUSED in response.content.decode()


def test_a_nul_in_an_edited_comment_is_refused(client):
    comment = CommentFactory(user=UserFactory(), body="First words.")
    client.force_login(comment.user)
    url = reverse("comments:edit", kwargs={"pk": comment.pk})
    response = client.post(url, {"body": "Second\x00 words."})
    assert response.status_code == 400
    assert NULL_REFUSED in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "First words."


ALLAUTH_FORMS = [
    ("account_login", {"login": "ann\x00", "password": "secret"}),
    ("account_login", {"login": "ann", "password": "sec\x00ret"}),
    (
        "account_signup",
        {
            "username": "ann\x00",
            "email": "ann@example.test",
            "password1": "a long passphrase",
            "password2": "a long passphrase",
        },
    ),
    (
        "account_signup",
        {
            "username": "ann",
            "email": "ann\x00@example.test",
            "password1": "a long passphrase",
            "password2": "a long passphrase",
        },
    ),
    ("account_reset_password", {"email": "ann\x00@example.test"}),
]


@pytest.mark.parametrize(("name", "data"), ALLAUTH_FORMS)
def test_a_nul_in_a_sign_in_or_sign_up_field_is_a_form_error(client, name, data):
    UserFactory(username="ann", email="ann@example.test")
    response = client.post(reverse(name), data)
    assert response.status_code in (200, 400)
    assert NULL_REFUSED in response.content.decode()


def test_a_nul_in_a_post_title_in_the_admin_is_refused(superuser_client, superuser):
    url = reverse("admin:blog_post_add")
    superuser_client.get(url)
    response = superuser_client.post(
        url,
        {
            "title": "Real\x00 Relationships",
            "slug": "real-relationships",
            "body": "Words.",
            "markup": "markdown",
            "status": "draft",
            "published_at_0": "2024-01-01",
            "published_at_1": "10:00:00",
            "allow_comments": "on",
            "author": superuser.pk,
        },
    )
    assert NULL_REFUSED in response.content.decode()
    assert not Post.objects.exists()
