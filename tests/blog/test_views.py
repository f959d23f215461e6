"""What a reader sees on the blog's pages."""

import datetime
import json

import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import PageFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def with_cover(**kwargs) -> Post:
    """A post whose cover image and renditions exist in name only (no file is read)."""
    return PostFactory(
        cover_image="covers/2026/01/sea.jpg",
        cover_width=1600,
        cover_height=900,
        cover_renditions=[
            {"name": "covers/2026/01/sea-480.jpg", "width": 480},
            {"name": "covers/2026/01/sea-960.jpg", "width": 960},
        ],
        cover_alt="A grey sea under a low sky",
        cover_caption="The sea at Brighton",
        cover_credit="Photo: Olga",
        cover_credit_url="https://photos.example.test/olga",
        **kwargs,
    )


# Home page


def test_home_lists_published_posts_newest_first(client):
    PostFactory(title="Older post", published_at=days_ago(3))
    PostFactory(title="Newer post", published_at=days_ago(1))
    html = client.get("/").content.decode()
    assert html.index("Newer post") < html.index("Older post")


def test_home_shows_date_author_excerpt_and_comment_count(client):
    author = UserFactory(display_name="Ann Writer")
    PostFactory(
        author=author,
        body="First words & more.\n\nSecond paragraph.",
        comment_count=27,
        published_at=timezone.make_aware(datetime.datetime(2009, 7, 14, 12)),
    )
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ann Writer" in html
    assert 'datetime="2009-07-14T12:00:00+00:00"' in html
    assert "First words &amp; more." in html
    assert "Second paragraph" not in html
    assert "27 comments" in html


def test_home_says_one_comment_in_the_singular(client):
    PostFactory(comment_count=1)
    assert "1 comment<" in client.get("/").content.decode()


def test_home_prefers_the_written_excerpt_over_the_first_paragraph(client):
    PostFactory(excerpt="A hand-written summary.", body="The body's opening.")
    html = client.get("/").content.decode()
    assert "A hand-written summary." in html
    assert "The body&#x27;s opening." not in html


def test_home_shows_the_cover_thumbnail_with_its_srcset(client):
    with_cover()
    html = client.get("/").content.decode()
    assert 'srcset="/media/covers/2026/01/sea-480.jpg 480w, ' in html
    assert 'width="1600" height="900"' in html


def test_home_is_paginated(client, settings):
    settings.POSTS_PER_PAGE = 2
    for days in range(1, 4):
        PostFactory(title=f"Post {days} days old", published_at=days_ago(days))
    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()
    assert "Post 3 days old" not in first
    assert "Post 3 days old" in second
    assert 'href="?page=2" rel="next"' in first


def test_a_page_number_past_the_end_is_not_found(client):
    PostFactory()
    assert client.get("/?page=9").status_code == 404


def test_home_queries_do_not_grow_with_the_number_of_posts(
    client, django_assert_max_num_queries
):
    for _ in range(8):
        PostFactory(tags=[TagFactory(name="life")])
    with django_assert_max_num_queries(5):
        client.get("/")


# Post page


def test_post_page_shows_title_body_author_link_and_date(client):
    post = PostFactory(
        title="Real Relationships",
        body="We all have an *agenda*.",
        author=UserFactory(username="ann", display_name="Ann Writer"),
    )
    response = client.get(post.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="entry-title">Real Relationships</h1>' in html
    assert "We all have an <em>agenda</em>." in html
    assert '<a href="/author/ann/" rel="author"><bdi>Ann Writer</bdi></a>' in html
    assert f'datetime="{post.published_at.isoformat()}"' in html


def test_post_url_is_dated(client):
    post = PostFactory(
        slug="real-relationships",
        published_at=timezone.make_aware(datetime.datetime(2009, 7, 14, 12)),
    )
    assert post.get_absolute_url() == "/2009/07/real-relationships/"
    assert client.get("/2009/07/real-relationships/").status_code == 200


def test_a_post_under_another_date_redirects_to_its_address(client):
    post = PostFactory(
        slug="moved",
        published_at=timezone.make_aware(datetime.datetime(2009, 7, 14, 12)),
    )
    response = client.get("/2010/01/moved/")
    assert response.status_code == 301
    assert response["Location"] == post.get_absolute_url()


def test_post_page_shows_the_cover_with_size_srcset_caption_and_credit(client):
    post = with_cover()
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'width="1600" height="900"' in html
    assert 'srcset="/media/covers/2026/01/sea-480.jpg 480w, ' in html
    assert 'sizes="(min-width: 52rem) 48rem' in html
    assert 'alt="A grey sea under a low sky"' in html
    assert "The sea at Brighton" in html
    assert (
        '<a href="https://photos.example.test/olga" rel="nofollow noopener">'
        "Photo: Olga</a>"
    ) in html


def test_post_page_links_its_tags(client):
    post = PostFactory(tags=[TagFactory(name="Social media")])
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<a href="/tag/social-media/" rel="tag">Social media</a>' in html


def test_post_page_links_the_previous_and_next_published_posts(client):
    older = PostFactory(title="Older", published_at=days_ago(3))
    post = PostFactory(published_at=days_ago(2))
    newer = PostFactory(title="Newer", published_at=days_ago(1))
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'href="{older.get_absolute_url()}" rel="prev"' in html
    assert f'href="{newer.get_absolute_url()}" rel="next"' in html


def test_posts_published_at_the_same_moment_follow_each_other_by_creation(client):
    moment = days_ago(2)
    first, middle, last = (PostFactory(published_at=moment) for _ in range(3))
    html = client.get(middle.get_absolute_url()).content.decode()
    assert f'href="{first.get_absolute_url()}" rel="prev"' in html
    assert f'href="{last.get_absolute_url()}" rel="next"' in html


def test_previous_and_next_skip_drafts_and_scheduled_posts(client):
    post = PostFactory(published_at=days_ago(2))
    PostFactory(title="A draft", status=Post.Status.DRAFT, published_at=days_ago(3))
    PostFactory(title="Scheduled", published_at=timezone.now() + timezone.timedelta(1))
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'rel="prev"' not in html
    assert 'rel="next"' not in html


def test_post_page_keeps_the_place_for_comments_after_the_article(client):
    post = PostFactory()
    html = client.get(post.get_absolute_url()).content.decode()
    assert html.index("</article>") < html.index('id="comments"')


def test_post_page_has_a_canonical_link_and_opengraph_meta(client, settings):
    settings.SITE_URL = "https://blog.example.com"
    post = with_cover(title="Real Relationships", excerpt="About agendas.")
    html = client.get(post.get_absolute_url()).content.decode()
    url = f"https://blog.example.com{post.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="Real Relationships">' in html
    assert '<meta property="og:description" content="About agendas.">' in html
    assert (
        '<meta property="og:image" '
        'content="https://blog.example.com/media/covers/2026/01/sea.jpg">'
    ) in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_post_page_describes_itself_in_json_ld(client, settings):
    settings.SITE_URL = "https://blog.example.com"
    post = PostFactory(
        title="Tags </script><b>", author=UserFactory(display_name="Ann Writer")
    )
    html = client.get(post.get_absolute_url()).content.decode()
    start = html.index('<script type="application/ld+json">') + 35
    payload = html[start : html.index("</script>", start)]
    data = json.loads(payload)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Tags </script><b>"
    assert data["author"]["name"] == "Ann Writer"
    assert data["mainEntityOfPage"] == (
        f"https://blog.example.com{post.get_absolute_url()}"
    )


def test_post_page_without_cover_has_a_summary_twitter_card(client):
    post = PostFactory()
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<meta name="twitter:card" content="summary">' in html
    assert "og:image" not in html


def test_post_page_queries_are_bounded(client, django_assert_max_num_queries):
    post = PostFactory(tags=[TagFactory(name="a"), TagFactory(name="b")])
    PostFactory(published_at=days_ago(5))
    # Warm up: the sign-in providers are read once, then cached (accounts.providers).
    client.get(post.get_absolute_url())
    # 7: the comment rules record (comments.moderation_settings) is one.
    with django_assert_max_num_queries(7):
        client.get(post.get_absolute_url())


# Tag and author pages


def test_tag_page_lists_the_published_posts_with_that_tag(client):
    tag = TagFactory(name="Life")
    PostFactory(title="Tagged", tags=[tag])
    PostFactory(title="Untagged")
    response = client.get("/tag/life/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tagged" in html
    assert "Untagged" not in html


def test_tag_page_of_an_unknown_tag_is_not_found(client):
    assert client.get("/tag/nothing/").status_code == 404


def test_tag_page_advertises_the_tag_feeds(client):
    PostFactory(tags=[TagFactory(name="Life")])
    html = client.get("/tag/life/").content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'href="/tag/life/feed/"' in html
    assert 'href="/tag/life/feed/atom/"' in html


def test_author_page_lists_the_authors_published_posts(client):
    ann = UserFactory(username="ann", display_name="Ann Writer")
    PostFactory(title="By Ann", author=ann)
    PostFactory(title="By someone else")
    response = client.get("/author/ann/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Posts by Ann Writer" in html
    assert "By Ann" in html
    assert "By someone else" not in html


def test_the_author_page_names_the_author_isolated(client):
    PostFactory(author=UserFactory(username="ann", display_name="Ann Writer"))
    html = client.get("/author/ann/").content.decode()
    assert "<h1>Posts by <bdi>Ann Writer</bdi></h1>" in html


@pytest.mark.parametrize(
    ("website", "linked"),
    [
        ("https://ann.example/", True),
        ("javascript:alert(1)", False),
        ("ftp://a.b/", False),
    ],
)
def test_the_author_page_links_only_a_web_address(client, website, linked):
    ann = UserFactory(username="ann", website=website)
    PostFactory(author=ann)
    html = client.get("/author/ann/").content.decode()
    assert (f'href="{website}"' in html) is linked


def test_a_cover_credit_link_that_is_not_a_web_address_is_not_a_link(client):
    post = with_cover()
    Post.objects.filter(pk=post.pk).update(cover_credit_url="javascript:alert(1)")
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<span class="cover-credit">Photo: Olga</span>' in html
    assert "javascript:" not in html


def test_a_person_without_published_posts_has_no_author_page(client):
    UserFactory(username="reader")
    assert client.get("/author/reader/").status_code == 404


# Archives


def test_year_archive_lists_that_years_posts_and_months(client):
    PostFactory(
        title="July post",
        published_at=timezone.make_aware(datetime.datetime(2009, 7, 14)),
    )
    PostFactory(
        title="Other year",
        published_at=timezone.make_aware(datetime.datetime(2010, 1, 2)),
    )
    response = client.get("/2009/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "July post" in html
    assert "Other year" not in html
    assert 'href="/2009/07/"' in html


def test_month_archive_lists_that_months_posts(client):
    PostFactory(
        title="July post",
        published_at=timezone.make_aware(datetime.datetime(2009, 7, 14)),
    )
    PostFactory(
        title="August post",
        published_at=timezone.make_aware(datetime.datetime(2009, 8, 1)),
    )
    response = client.get("/2009/07/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "July post" in html
    assert "August post" not in html


def test_an_empty_month_is_not_found(client):
    PostFactory(published_at=timezone.make_aware(datetime.datetime(2009, 7, 14)))
    assert client.get("/2009/06/").status_code == 404


# Pages and navigation


def test_a_published_page_is_served_at_its_slug(client):
    PageFactory(title="About", slug="about", body="Who writes here.")
    response = client.get("/about/")
    assert response.status_code == 200
    assert "Who writes here." in response.content.decode()


def test_an_unpublished_page_is_not_found(client):
    PageFactory(slug="about", is_published=False)
    assert client.get("/about/").status_code == 404


def test_navigation_links_the_pages_with_a_position_in_order(client):
    PageFactory(title="Contact", slug="contact", nav_order=2)
    PageFactory(title="About", slug="about", nav_order=1)
    PageFactory(title="Colophon", slug="colophon", nav_order=None)
    PageFactory(title="Hidden", slug="hidden", nav_order=3, is_published=False)
    html = client.get("/").content.decode()
    nav = html[html.index('class="site-nav"') : html.index("</nav>")]
    assert nav.index('href="/about/"') < nav.index('href="/contact/"')
    assert "Colophon" not in nav
    assert "Hidden" not in nav


# Every page


@pytest.mark.parametrize(
    "url", ["/", "/2009/", "/2009/07/", "/tag/life/", "/author/ann/", "/search/"]
)
def test_every_page_advertises_the_site_feeds_and_links_both_stylesheets(client, url):
    PostFactory(
        author=UserFactory(username="ann"),
        tags=[TagFactory(name="Life")],
        published_at=timezone.make_aware(datetime.datetime(2009, 7, 14)),
    )
    html = client.get(url).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/feed/"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/feed/atom/"' in html
    assert 'href="/static/css/site.css"' in html
    assert 'href="/static/css/highlight.css"' in html


def test_pages_have_a_language_a_skip_link_and_a_main_landmark(client):
    html = client.get("/").content.decode()
    assert '<html lang="en-us">' in html
    assert 'href="#main-content"' in html
    assert '<main id="main-content"' in html


def test_the_navigation_offers_log_in_and_sign_up_to_visitors(client, db):
    response = client.get("/")
    assert '<a href="/accounts/login/?next=/">Log in</a>' in response.text
    assert '<a href="/accounts/signup/">Sign up</a>' in response.text
    assert "Log out" not in response.text


def test_the_login_page_names_log_in_and_sign_up_once_each(client, db):
    html = client.get("/accounts/login/").text
    nav = html[html.index('class="site-nav"') : html.index("</nav>")]
    assert nav.count(">Log in</a>") == 1
    assert nav.count(">Sign up</a>") == 1
    assert "Sign in" not in nav


def test_the_navigation_lets_a_signed_in_reader_log_out(client, db):
    client.force_login(UserFactory())
    html = client.get("/").text
    nav = html[html.index('class="site-nav"') : html.index("</nav>")]
    assert 'action="/accounts/logout/"' in nav
    assert ">Log out</button>" in nav
    assert "Sign up" not in nav


def test_the_navigation_leads_staff_to_the_admin(client, db):
    client.force_login(UserFactory(is_staff=True))
    assert '<a href="/admin/">Admin</a>' in client.get("/").text


def test_the_navigation_has_no_admin_link_for_readers(client, db):
    client.force_login(UserFactory())
    assert '<a href="/admin/">Admin</a>' not in client.get("/").text


def test_the_navigation_leads_a_signed_in_reader_to_their_profile(client, db):
    client.force_login(UserFactory())
    response = client.get("/")
    assert '<a href="/profile/">Your profile</a>' in response.text
