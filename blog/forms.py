"""Forms for authors: checked image uploads and post/page forms for the admin."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .images import image_clean
from .models import Page, Post
from .text import SingleLineField, WebsiteField


class CheckedImageField(forms.ImageField):
    """An image upload judged by its content (see blog.images), stored re-encoded.

    Pillow is asked only once, by `image_clean`, whose messages say what is wrong;
    Django's own check would answer every problem with the same sentence.
    """

    default_validators = []

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return image_clean(upload)


class SlugFromTitleMixin:
    """A blank slug (no JavaScript to fill it in) is made from the title."""

    slug_max_length = 200

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Leave blank to make it from the title.")

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = slugify(cleaned["title"])[: self.slug_max_length]
        return cleaned


class PostAdminForm(SlugFromTitleMixin, forms.ModelForm):
    class Meta:
        model = Post
        fields = (
            "title",
            "slug",
            "body",
            "markup",
            "excerpt",
            "status",
            "published_at",
            "author",
            "allow_comments",
            "tags",
            "cover_image",
            "cover_alt",
            "cover_caption",
            "cover_credit",
            "cover_credit_url",
        )
        widgets = {
            "body": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"}),
            "excerpt": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        }
        field_classes = {"title": SingleLineField}

    cover_credit_url = WebsiteField(
        label=Post._meta.get_field("cover_credit_url").verbose_name,
        required=False,
        assume_scheme="https",
    )
    # An image for the text, stored as an Image when the post is saved
    # (blog.post_images.post_image_add); not a field of the post.
    body_image = CheckedImageField(label=_("Image"), required=False)
    body_image_alt = SingleLineField(
        label=_("Its description"),
        required=False,
        max_length=250,
        help_text=_("What the image shows, for readers who cannot see it."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("body_image") and not cleaned.get("body_image_alt"):
            self.add_error(
                "body_image_alt",
                _("Describe the image for readers who cannot see it."),
            )
        return cleaned


class PageAdminForm(SlugFromTitleMixin, forms.ModelForm):
    slug_max_length = 100

    class Meta:
        model = Page
        fields = ("title", "slug", "body", "markup", "is_published", "nav_order")
        field_classes = {"title": SingleLineField}


class BodyPreviewForm(forms.Form):
    """What the Preview button sends: the text as typed, not yet saved."""

    title = forms.CharField(required=False)
    body = forms.CharField(required=False)
    markup = forms.ChoiceField(
        choices=Post.Markup.choices, required=False, initial=Post.Markup.MARKDOWN
    )
