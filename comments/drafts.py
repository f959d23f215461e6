"""Keep what a guest typed while they sign in, so it is in the form when they return.

The provider buttons are submit buttons of the comment form itself: they post the
draft here (no JavaScript needed), it waits in the session, and the post page puts
it back into the form once.
"""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from accounts.providers import configured_providers
from blog.models import Post

DRAFT_SESSION_KEY = "comments_draft"
DRAFT_FIELDS = ("author_name", "author_email", "author_url", "body", "parent_id")
# Enough for any comment the form accepts, with room for the guest fields.
DRAFT_MAX_CHARS = 100_000


@require_POST
def comment_sign_in(request):
    """Store the draft, then go to the chosen provider's sign-in, back to the form."""
    try:
        post_id = int(request.POST.get("post_id", ""))
    except ValueError:
        raise Http404 from None
    post = get_object_or_404(Post.objects.previewable_by(request.user), pk=post_id)
    chosen = request.POST.get("provider", "")
    provider = next((p for p in configured_providers(request) if p.id == chosen), None)
    if provider is None:
        raise Http404
    draft = {
        field: request.POST.get(field, "")[:DRAFT_MAX_CHARS] for field in DRAFT_FIELDS
    }
    request.session[DRAFT_SESSION_KEY] = {"post": post.pk, **draft}
    back = post.get_absolute_url()
    if draft["parent_id"].isdigit():
        back += "?" + urlencode({"replytocom": draft["parent_id"]})
    query = urlencode({"process": "login", "next": f"{back}#respond"})
    return redirect(f"{provider.login_url}?{query}")


def draft_pop(request, post) -> dict:
    """The draft kept for `post` as form initial values, removed from the session."""
    draft = request.session.get(DRAFT_SESSION_KEY)
    if not draft or draft.get("post") != post.pk:
        return {}
    del request.session[DRAFT_SESSION_KEY]
    return {
        field: value
        for field, value in draft.items()
        if field in DRAFT_FIELDS and value and field != "parent_id"
    }
