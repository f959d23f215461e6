from django import template
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.avatars import user_avatar_url
from accounts.providers import configured_providers, signed_in_with

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


@register.simple_tag(takes_context=True)
def signed_in_provider(context):
    """`{% signed_in_provider as provider_name %}`: see providers.signed_in_with."""
    return signed_in_with(context["request"])


@register.simple_tag
def user_avatar(user, size=48):
    """`{% user_avatar user 48 %}`: the URL of the user's avatar picture."""
    return user_avatar_url(user, size)
