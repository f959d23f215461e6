from django import template
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.providers import configured_providers

register = template.Library()


@register.simple_tag(takes_context=True)
def configured_social_providers(context):
    """`{% configured_social_providers as social_providers %}` for pages whose view
    does not pass the providers itself (allauth's own pages)."""
    return configured_providers(context["request"])


@register.simple_tag(takes_context=True)
def on_site_url(context, url):
    """`url` if it points to this site, else "": for a `next` read from the query
    string and put into links (allauth checks it again when it redirects)."""
    request = context["request"]
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""
