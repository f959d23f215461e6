"""The admin for authors: the Authors boundary, preview, thumbnails, uploads."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files import File
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage

from blog.images import renditions_make
from blog.models import Image, Page, Post
from blog.post_images import image_markdown
from tests.factories import PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def make_author(username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name="Authors"))
    return user


@pytest.fixture
def editor():
    user = UserFactory(username="eve", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def ann():
    return make_author("ann")


@pytest.fixture
def bob():
    return make_author("bob")


@pytest.fixture
def boss():
    return UserFactory(username="boss", is_staff=True, is_superuser=True)


@pytest.fixture
def bobs_post(bob):
    return PostFactory(author=bob, title="Bob's secret draft", status="draft")


@pytest.fixture
def anns_post(ann):
    return PostFactory(author=ann, title="Ann's own post")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def jpeg(size=(1200, 600), name="cover.jpg"):
    out = io.BytesIO()
    PILImage.new("RGB", size, (30, 120, 200)).save(out, format="JPEG")
    out.seek(0)
    out.name = name
    return out


def post_form(**overrides) -> dict:
    data = {
        "title": "A new post",
        "slug": "",
        "body": "Some *Markdown*.",
        "markup": "markdown",
        "excerpt": "",
        "status": "draft",
        "published_at_0": "2026-01-02",
        "published_at_1": "10:00:00",
        "allow_comments": "on",
        "cover_alt": "",
        "cover_caption": "",
        "cover_credit": "",
        "cover_credit_url": "",
    }
    data.update(overrides)
    return data


def change_url(post) -> str:
    return reverse("admin:blog_post_change", args=[post.pk])


# The Authors group and its boundary


def test_the_authors_group_holds_exactly_the_authoring_permissions():
    codenames = set(
        Group.objects.get(name="Authors").permissions.values_list("codename", flat=True)
    )
    assert codenames == {
        "add_post",
        "change_post",
        "delete_post",
        "view_post",
        "add_tag",
        "view_tag",
        "add_image",
        "view_image",
    }


def test_an_author_lists_only_their_own_posts(ann, anns_post, bobs_post):
    response = client_for(ann).get(reverse("admin:blog_post_changelist"))
    assert response.status_code == 200
    assert "Ann&#x27;s own post" in response.text
    assert "Bob&#x27;s secret draft" not in response.text


def test_an_author_cannot_open_another_authors_post_by_url(ann, bobs_post):
    response = client_for(ann).get(change_url(bobs_post), follow=True)
    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert "Bob&#x27;s secret draft" not in response.text


def test_an_author_cannot_change_another_authors_post_by_a_crafted_post(
    ann, bob, bobs_post
):
    client_for(ann).post(change_url(bobs_post), post_form(title="Defaced", slug="x"))
    bobs_post.refresh_from_db()
    assert bobs_post.title == "Bob's secret draft"


def test_an_author_cannot_delete_another_authors_post_by_url(ann, bobs_post):
    url = reverse("admin:blog_post_delete", args=[bobs_post.pk])
    client_for(ann).post(url, {"post": "yes"})
    assert Post.objects.filter(pk=bobs_post.pk).exists()


def test_an_author_cannot_delete_another_authors_post_by_bulk_action(
    ann, anns_post, bobs_post
):
    client_for(ann).post(
        reverse("admin:blog_post_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [bobs_post.pk, anns_post.pk],
            "post": "yes",
        },
    )
    assert Post.objects.filter(pk=bobs_post.pk).exists()
    assert not Post.objects.filter(pk=anns_post.pk).exists()


def test_an_author_cannot_preview_another_authors_post(ann, bobs_post):
    url = reverse("admin:blog_post_preview", args=[bobs_post.pk])
    assert client_for(ann).get(url).status_code == 404


def test_an_author_cannot_read_another_authors_post_history_by_url(ann, bobs_post):
    url = reverse("admin:blog_post_history", args=[bobs_post.pk])
    response = client_for(ann).get(url, follow=True)
    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert "Bob&#x27;s secret draft" not in response.text


def test_an_author_can_change_their_own_post(ann, anns_post):
    response = client_for(ann).post(
        change_url(anns_post), post_form(title="Better title", slug=anns_post.slug)
    )
    assert response.status_code == 302
    anns_post.refresh_from_db()
    assert anns_post.title == "Better title"


def test_an_author_can_delete_their_own_post(ann, anns_post):
    url = reverse("admin:blog_post_delete", args=[anns_post.pk])
    client_for(ann).post(url, {"post": "yes"})
    assert not Post.objects.filter(pk=anns_post.pk).exists()


def test_a_new_post_belongs_to_the_author_whatever_the_form_says(ann, bob):
    client_for(ann).post(
        reverse("admin:blog_post_add"), post_form(author=bob.pk, title="Mine")
    )
    assert Post.objects.get(title="Mine").author == ann


def test_an_author_cannot_hand_their_post_to_someone_else(ann, bob, anns_post):
    client_for(ann).post(
        change_url(anns_post), post_form(author=bob.pk, slug=anns_post.slug)
    )
    anns_post.refresh_from_db()
    assert anns_post.author == ann


def test_the_author_field_is_not_editable_for_an_author(ann, anns_post):
    response = client_for(ann).get(change_url(anns_post))
    assert 'name="author"' not in response.text


def test_a_superuser_lists_every_post(boss, anns_post, bobs_post):
    response = client_for(boss).get(reverse("admin:blog_post_changelist"))
    assert "Ann&#x27;s own post" in response.text
    assert "Bob&#x27;s secret draft" in response.text


def test_a_superuser_can_change_anyones_post_and_its_author(boss, ann, bobs_post):
    client_for(boss).post(
        change_url(bobs_post),
        post_form(title="Edited", slug=bobs_post.slug, author=ann.pk),
    )
    bobs_post.refresh_from_db()
    assert (bobs_post.title, bobs_post.author) == ("Edited", ann)


def test_a_staff_user_outside_authors_cannot_open_the_post_admin(anns_post):
    stranger = UserFactory(username="stranger", is_staff=True)
    response = client_for(stranger).get(reverse("admin:blog_post_changelist"))
    assert response.status_code == 403


def test_a_blank_slug_is_made_from_the_title(ann):
    client_for(ann).post(
        reverse("admin:blog_post_add"), post_form(title="Hello, Small World")
    )
    assert Post.objects.get(title="Hello, Small World").slug == "hello-small-world"


def test_a_title_is_kept_on_one_line_without_control_or_bidi_characters(ann):
    client_for(ann).post(
        reverse("admin:blog_post_add"),
        post_form(title="Hello,\r\nSmall\x07 World\u202e", slug="hello"),
    )
    assert Post.objects.get().title == "Hello, Small World"


def test_a_page_title_is_kept_on_one_line(boss):
    client_for(boss).post(
        reverse("admin:blog_page_add"),
        {"title": "About\nus\u2066", "slug": "about", "body": "Us.", "markup": "html"},
    )
    assert Page.objects.get().title == "About us"


def test_a_cover_credit_link_must_be_a_web_address(ann):
    response = client_for(ann).post(
        reverse("admin:blog_post_add"), post_form(cover_credit_url="ftp://a.example/")
    )
    assert "starting with http:// or https://" in response.text
    assert not Post.objects.exists()


# Editors: authors who see and change everyone's posts


def test_the_editors_group_holds_the_authoring_permissions_and_others_posts():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert codenames == {
        "add_post",
        "change_post",
        "delete_post",
        "view_post",
        "edit_others_posts",
        "add_tag",
        "view_tag",
        "add_image",
        "view_image",
    }


def test_an_editor_lists_every_post(editor, anns_post, bobs_post):
    response = client_for(editor).get(reverse("admin:blog_post_changelist"))
    assert "Ann&#x27;s own post" in response.text
    assert "Bob&#x27;s secret draft" in response.text


def test_an_editor_can_change_another_authors_draft(editor, bob, bobs_post):
    client_for(editor).post(
        change_url(bobs_post),
        post_form(title="Edited", slug=bobs_post.slug, author=bob.pk),
    )
    bobs_post.refresh_from_db()
    assert (bobs_post.title, bobs_post.author) == ("Edited", bob)


def test_an_editor_previews_another_authors_draft(editor, bobs_post):
    url = reverse("admin:blog_post_preview", args=[bobs_post.pk])
    response = client_for(editor).get(url)
    assert response.status_code == 200
    assert "Bob&#x27;s secret draft" in response.text


def test_an_editor_may_choose_who_a_post_is_by(editor, ann):
    client_for(editor).post(
        reverse("admin:blog_post_add"), post_form(title="For Ann", author=ann.pk)
    )
    assert Post.objects.get(title="For Ann").author == ann


# Preview


def test_the_preview_renders_the_saved_body_through_the_pipeline(ann):
    post = PostFactory(author=ann, body="Some *stress*.\n\n<script>alert(1)</script>")
    url = reverse("admin:blog_post_preview", args=[post.pk])
    response = client_for(ann).get(url)
    assert response.status_code == 200
    assert "<em>stress</em>" in response.text
    assert "<script>alert(1)" not in response.text


def test_the_change_form_links_to_the_preview_and_has_a_preview_button(ann, anns_post):
    response = client_for(ann).get(change_url(anns_post))
    assert reverse("admin:blog_post_preview", args=[anns_post.pk]) in response.text
    assert f'formaction="{reverse("admin:blog_post_preview_unsaved")}"' in (
        response.text
    )


def test_unsaved_text_is_previewed_from_a_post(ann):
    response = client_for(ann).post(
        reverse("admin:blog_post_preview_unsaved"),
        {"title": "Draft title", "body": "A **bold** claim", "markup": "markdown"},
    )
    assert response.status_code == 200
    assert "<strong>bold</strong>" in response.text
    assert "Draft title" in response.text
    assert not Post.objects.exists()


def test_the_preview_is_the_post_in_the_sites_own_page(ann):
    post = PostFactory(author=ann, body="```python\nprint('hi')\n```")
    response = client_for(ann).get(reverse("admin:blog_post_preview", args=[post.pk]))
    assert 'class="site-header"' in response.text
    assert 'href="/static/css/highlight.css"' in response.text
    assert '<article class="post">' in response.text
    assert '<span class="nb">print</span>' in response.text


def test_typed_text_of_a_saved_post_is_previewed_with_its_cover(ann, media_root):
    post = PostFactory(author=ann, title="Saved title", body="Saved text.")
    post.cover_image.save("c.jpg", File(jpeg()), save=False)
    post.save()

    response = client_for(ann).post(
        reverse("admin:blog_post_preview_unsaved"),
        {"title": "Typed title", "body": "Typed text.", "_preview_of": post.pk},
    )

    assert "Typed text." in response.text
    assert "Typed title" in response.text
    assert f'src="{post.cover_image.url}"' in response.text
    post.refresh_from_db()
    assert (post.title, post.body) == ("Saved title", "Saved text.")


def test_the_preview_of_another_authors_post_shows_nothing_of_it(
    ann, bobs_post, media_root
):
    bobs_post.cover_image.save("bob.jpg", File(jpeg()), save=False)
    bobs_post.save()

    response = client_for(ann).post(
        reverse("admin:blog_post_preview_unsaved"),
        {"title": "Mine", "body": "Mine.", "_preview_of": bobs_post.pk},
    )

    assert response.status_code == 200
    assert bobs_post.cover_image.url not in response.text


def test_the_unsaved_preview_refuses_get(ann):
    response = client_for(ann).get(reverse("admin:blog_post_preview_unsaved"))
    assert response.status_code == 405


def test_the_unsaved_preview_is_csrf_protected(ann):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ann)
    response = client.post(
        reverse("admin:blog_post_preview_unsaved"), {"body": "Hello"}
    )
    assert response.status_code == 403


def test_a_page_can_be_previewed_too(boss):
    page = PageFactory(body="About *us*")
    response = client_for(boss).get(reverse("admin:blog_page_preview", args=[page.pk]))
    assert "<em>us</em>" in response.text


def test_a_page_is_previewed_in_the_sites_own_page(boss):
    page = PageFactory(title="About", body="About *us*")
    response = client_for(boss).get(reverse("admin:blog_page_preview", args=[page.pk]))
    assert response.templates[0].name == "blog/page_preview.html"
    assert "blog/page_article.html" in [t.name for t in response.templates]
    assert "css/site.css" in response.text
    assert 'class="preview-banner"' in response.text
    assert '<h1 class="entry-title">About</h1>' in response.text
    assert reverse("admin:blog_page_change", args=[page.pk]) in response.text


def test_typed_text_of_a_page_is_previewed_in_the_sites_own_page_unsaved(boss):
    page = PageFactory(title="About", body="Saved.")
    response = client_for(boss).post(
        reverse("admin:blog_page_preview_unsaved"),
        {"title": "About us", "body": "Typed *text*.", "_preview_of": page.pk},
    )
    assert response.templates[0].name == "blog/page_preview.html"
    assert "<em>text</em>" in response.text
    assert "Your text as typed, not saved yet." in response.text
    page.refresh_from_db()
    assert (page.title, page.body) == ("About", "Saved.")


# Cover images


def test_a_cover_upload_is_cleaned_and_gets_renditions(ann, media_root):
    client_for(ann).post(
        reverse("admin:blog_post_add"),
        post_form(title="With cover", cover_image=jpeg(), cover_alt="Sky"),
    )
    post = Post.objects.get(title="With cover")
    assert (post.cover_width, post.cover_height) == (1200, 600)
    assert [r["width"] for r in post.cover_renditions] == [480, 960, 1200]
    assert all(
        post.cover_image.storage.exists(r["name"]) for r in post.cover_renditions
    )


def test_a_refused_cover_shows_a_form_error_and_stores_nothing(ann, media_root):
    html = io.BytesIO(b"<html><script>alert(1)</script></html>")
    html.name = "cover.jpg"
    response = client_for(ann).post(
        reverse("admin:blog_post_add"), post_form(title="Bad", cover_image=html)
    )
    assert response.status_code == 200
    assert "web page or an SVG drawing" in response.text
    assert not Post.objects.exists()
    assert stored_files(media_root) == []


def test_a_cover_whose_form_fails_elsewhere_stores_nothing(ann, media_root):
    client_for(ann).post(
        reverse("admin:blog_post_add"),
        post_form(title="", cover_image=jpeg()),
    )
    assert stored_files(media_root) == []


def test_replacing_a_cover_deletes_the_old_renditions(ann, media_root):
    client = client_for(ann)
    client.post(
        reverse("admin:blog_post_add"), post_form(title="Cover", cover_image=jpeg())
    )
    post = Post.objects.get()
    old = post.cover_renditions
    client.post(
        change_url(post),
        post_form(title="Cover", slug=post.slug, cover_image=jpeg((700, 300), "b.jpg")),
    )
    post.refresh_from_db()
    storage = post.cover_image.storage
    assert [r["width"] for r in post.cover_renditions] == [480, 700]
    assert not storage.exists(old[0]["name"])


def test_the_post_list_shows_the_cover_thumbnail(ann):
    post = PostFactory(author=ann, cover_alt='A "quoted" <sky>')
    post.cover_image.save("c.jpg", File(jpeg()), save=False)
    post.cover_renditions = renditions_make(post.cover_image)
    post.save()
    response = client_for(ann).get(reverse("admin:blog_post_changelist"))
    smallest = post.cover_image.storage.url(post.cover_renditions[0]["name"])
    assert f'<img src="{smallest}" alt="A &quot;quoted&quot; &lt;sky&gt;"' in (
        response.text
    )


# Inline images


def test_an_uploaded_image_shows_the_markdown_to_paste(ann):
    client = client_for(ann)
    client.post(
        reverse("admin:blog_image_add"), {"file": jpeg(name="cat.jpg"), "alt": "A cat"}
    )
    image = Image.objects.get()
    assert image.uploaded_by == ann
    assert [r["width"] for r in image.renditions] == [480, 960, 1200]
    response = client.get(reverse("admin:blog_image_changelist"))
    assert f"<code>![A cat]({image.file.url}){{: srcset=" in response.text


@pytest.fixture
def bobs_image(bob):
    image = Image(alt="Bob's secret picture", uploaded_by=bob)
    image.file.save("bob.jpg", File(jpeg()), save=False)
    image.save()
    return image


def test_an_author_lists_only_their_own_images(ann, bobs_image):
    own = Image(alt="Ann's picture", uploaded_by=ann)
    own.file.save("ann.jpg", File(jpeg()), save=False)
    own.save()
    response = client_for(ann).get(reverse("admin:blog_image_changelist"))
    assert "Ann&#x27;s picture" in response.text
    assert "Bob&#x27;s secret picture" not in response.text


def test_an_author_cannot_open_another_authors_image_by_url(ann, bobs_image):
    url = reverse("admin:blog_image_change", args=[bobs_image.pk])
    response = client_for(ann).get(url, follow=True)
    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert "Bob&#x27;s secret picture" not in response.text


@pytest.mark.parametrize("viewer", ["editor", "boss"])
def test_editors_and_superusers_list_every_image(request, viewer, bobs_image):
    client = client_for(request.getfixturevalue(viewer))
    response = client.get(reverse("admin:blog_image_changelist"))
    assert "Bob&#x27;s secret picture" in response.text


def test_a_refused_inline_image_stores_nothing(ann, media_root):
    response = client_for(ann).post(
        reverse("admin:blog_image_add"),
        {"file": jpeg(name="cat.png"), "alt": "A cat"},
    )
    assert "Rename it to end in .jpg" in response.text
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_the_markdown_snippet_points_at_the_widest_rendition_not_the_original(ann):
    client = client_for(ann)
    client.post(
        reverse("admin:blog_image_add"),
        {"file": jpeg((2400, 1200), name="big.jpg"), "alt": "Big"},
    )
    image = Image.objects.get()
    response = client.get(reverse("admin:blog_image_changelist"))
    widest = image.file.storage.url(image.renditions[-1]["name"])
    assert widest.endswith("-1600w.jpg")
    assert f"<code>![Big]({widest}){{: srcset=" in response.text


def test_the_markdown_snippet_renders_as_a_responsive_image_in_a_post(ann):
    client = client_for(ann)
    client.post(
        reverse("admin:blog_image_add"),
        {"file": jpeg((2400, 1200), name="big.jpg"), "alt": "Big"},
    )
    post = PostFactory(author=ann, body=image_markdown(Image.objects.get()))
    assert 'srcset="/media/images/' in post.body_html
    assert "480w," in post.body_html and "1600w" in post.body_html
    assert 'height="800"' in post.body_html and 'width="1600"' in post.body_html


def test_the_cover_fieldset_shows_the_current_cover(ann):
    post = PostFactory(author=ann, cover_alt="Sky")
    post.cover_image.save("c.jpg", File(jpeg()), save=False)
    post.cover_renditions = renditions_make(post.cover_image)
    post.save()
    response = client_for(ann).get(change_url(post))
    assert 'alt="Sky" width="240"' in response.text


def test_a_superuser_can_filter_the_post_list_by_author(boss, anns_post, bobs_post):
    url = reverse("admin:blog_post_changelist")
    response = client_for(boss).get(url, {"author__id__exact": anns_post.author.pk})
    assert "Ann&#x27;s own post" in response.text
    assert "Bob&#x27;s secret draft" not in response.text


@pytest.mark.parametrize(
    ("model", "offered"), [("post", True), ("page", True), ("tag", False)]
)
def test_the_preview_button_is_offered_where_a_body_is_written(boss, model, offered):
    response = client_for(boss).get(reverse(f"admin:blog_{model}_add"))
    assert ("Preview (opens a new tab)" in response.text) is offered


def test_the_publication_dates_two_boxes_are_each_named(ann, anns_post):
    html = client_for(ann).get(change_url(anns_post)).content.decode()
    assert 'aria-label="Publication date: date"' in html
    assert 'aria-label="Publication date: time"' in html


def test_every_admin_page_underlines_its_breadcrumb_links(ann):
    html = client_for(ann).get(reverse("admin:blog_post_changelist")).content.decode()
    assert "css/admin-site.css" in html
