"""Images inside a post's text: their Markdown, and adding one from the post's page."""

from django.db import transaction

from .images import renditions_make
from .models import Image, Post

INLINE_IMAGE_SIZES = "(min-width: 52rem) 48rem, calc(100vw - 2rem)"


def image_markdown(image: Image) -> str:
    """Markdown for an inline image: the widest rendition, all of them as srcset."""
    alt = image.alt.replace("[", "").replace("]", "")
    url = image.file.storage.url
    renditions = image.renditions or [
        {"name": image.file.name, "width": image.width, "height": image.height}
    ]
    widest = renditions[-1]
    srcset = ", ".join(f"{url(r['name'])} {r['width']}w" for r in renditions)
    return (
        f"![{alt}]({url(widest['name'])})"
        f'{{: srcset="{srcset}" sizes="{INLINE_IMAGE_SIZES}" '
        f'width="{widest["width"]}" height="{widest["height"]}" loading="lazy" }}'
    )


@transaction.atomic
def post_image_add(*, post: Post, file, alt: str, user) -> Image:
    """Store `file` (already checked and cleaned, blog.forms.CheckedImageField) as an
    image of `user`'s, with its renditions, and add its Markdown line at the end of
    the post's text, where the author moves it to its place."""
    image = Image(file=file, alt=alt, uploaded_by=user)
    image.full_clean()
    image.save()
    image.renditions = renditions_make(image.file)
    image.save(update_fields=["renditions"])
    post.body = f"{post.body.rstrip()}\n\n{image_markdown(image)}\n"
    post.save()
    return image
