"""An author adds an image to a post's text from the post's own admin page."""

import pytest
from django.urls import reverse

from blog.models import Image, Post
from tests.blog.test_admin import client_for, jpeg, make_author, post_form
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann():
    return make_author("ann")


@pytest.fixture
def anns_post(ann):
    return PostFactory(author=ann, title="With a picture", body="Some text.")


def save_with_image(client, post, **fields):
    data = post_form(title=post.title, slug=post.slug, body=post.body)
    data.update(fields)
    return client.post(reverse("admin:blog_post_change", args=[post.pk]), data)


def test_an_image_chosen_on_the_post_page_is_added_to_the_end_of_its_text(
    ann, anns_post
):
    save_with_image(
        client_for(ann), anns_post, body_image=jpeg(), body_image_alt="A blue sky"
    )

    image = Image.objects.get()
    assert image.uploaded_by == ann
    assert image.renditions
    anns_post.refresh_from_db()
    assert anns_post.body.startswith("Some text.\n\n![A blue sky](")
    assert f'src="{image.file.storage.url(image.renditions[-1]["name"])}"' in (
        anns_post.body_html
    )


def test_the_author_is_told_to_move_the_images_line_into_place(ann, anns_post):
    response = save_with_image(
        client_for(ann), anns_post, body_image=jpeg(), body_image_alt="Sky"
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("added at the end of the text" in m for m in messages)


def test_an_image_without_a_description_is_refused_and_nothing_is_stored(
    ann, anns_post
):
    response = save_with_image(client_for(ann), anns_post, body_image=jpeg())

    assert response.status_code == 200
    assert "Describe the image for readers who cannot see it." in response.text
    assert not Image.objects.exists()
    assert Post.objects.get().body == "Some text."


def test_a_new_post_can_bring_its_image_along(ann):
    client_for(ann).post(
        reverse("admin:blog_post_add"),
        post_form(title="Fresh", body_image=jpeg(), body_image_alt="Sky"),
    )
    assert "![Sky](" in Post.objects.get(title="Fresh").body


def test_saving_without_an_image_leaves_the_text_alone(ann, anns_post):
    save_with_image(client_for(ann), anns_post)

    anns_post.refresh_from_db()
    assert anns_post.body == "Some text."
    assert not Image.objects.exists()
