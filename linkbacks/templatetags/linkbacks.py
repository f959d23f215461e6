from django import template
from django.utils.html import format_html

from linkbacks.advertising import endpoint_urls

register = template.Library()


@register.simple_tag
def linkback_links() -> str:
    """The `<link rel="webmention">` and `<link rel="pingback">` of a post page."""
    urls = endpoint_urls()
    if not urls:
        return ""
    return format_html(
        '<link rel="webmention" href="{}">\n    <link rel="pingback" href="{}">',
        urls["webmention"],
        urls["pingback"],
    )
