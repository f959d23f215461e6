"""The comment form's renderer writes the same HTML as Django's widget templates."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.forms.renderers import DjangoTemplates

from comments.form_renderer import CommentFormRenderer
from comments.forms import CommentForm

pytestmark = pytest.mark.django_db

TRICKY = "A \"quoted\" <b>name</b> & 'more'"


def renderings(form) -> list[tuple[str, str]]:
    """Each field's widget through our renderer and through Django's templates."""
    pairs = []
    for name in form.fields:
        form.renderer = CommentFormRenderer()
        ours = str(form[name].as_widget())
        form.renderer = DjangoTemplates()
        pairs.append((ours, str(form[name].as_widget())))
    return pairs


def test_the_comment_form_renders_with_our_renderer(post):
    form = CommentForm(post=post, user=AnonymousUser())

    assert isinstance(form.renderer, CommentFormRenderer)


def test_an_empty_form_renders_as_with_djangos_templates(post):
    form = CommentForm(
        initial={"post_id": post.pk, "timestamp": "signed:value"},
        post=post,
        user=AnonymousUser(),
    )

    for ours, django in renderings(form):
        assert ours == django


def test_a_form_sent_back_with_errors_renders_as_with_djangos_templates(post):
    data = {
        "author_name": TRICKY,
        "author_email": "not an email <script>",
        "author_url": "javascript:alert(1)",
        "body": f"{TRICKY}\nSecond line </textarea><script>x</script>",
        "save_details": "on",
        "notify_replies": "on",
        "post_id": str(post.pk),
        "parent_id": "",
        "timestamp": "forged",
        "url_confirm": TRICKY,
    }
    form = CommentForm(data, post=post, user=AnonymousUser())
    assert not form.is_valid()

    pairs = renderings(form)

    assert len(pairs) == len(form.fields)
    for ours, django in pairs:
        assert ours == django
    assert "<script>" not in "".join(ours for ours, _ in pairs)
