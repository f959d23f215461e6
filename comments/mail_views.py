"""Pages the notification emails link to: unsubscribe, and approve or spam a comment.

A link in an email is a GET, and a GET never changes anything: each page asks to
confirm with a POST button. The unsubscribe URL also takes the RFC 8058 one-click
POST that mail clients send, with no cookie and so no CSRF token: the signed token
is the proof.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .actions import comment_moderation_apply
from .models import Comment
from .notifications import unsubscribed_comment_id
from .permissions import can_moderate

# An email offers these two; restoring or removing is the page's or the admin's.
EMAIL_ACTIONS = {"approve", "spam"}


@csrf_exempt
def unsubscribe_view(request, token: str):
    template = "comments/unsubscribe.html"
    try:
        comment_id = unsubscribed_comment_id(token)
    except signing.BadSignature:
        return render(request, template, {"invalid": True}, status=400)
    comment = get_object_or_404(Comment.objects.select_related("post"), pk=comment_id)
    if request.method == "POST":
        Comment.objects.filter(pk=comment.pk).update(notify_replies=False)
        return render(request, template, {"comment": comment, "done": True})
    return render(request, template, {"comment": comment})


@login_required
def comment_moderate_view(request, pk: int):
    """A comment to moderate from an email: shown, then approved or spammed by POST."""
    comment = get_object_or_404(Comment.objects.select_related("post", "user"), pk=pk)
    if not can_moderate(request.user, comment.post):
        raise Http404
    action = request.POST.get("action") or request.GET.get("action", "")
    if action not in EMAIL_ACTIONS:
        action = ""
    if request.method == "POST" and action:
        try:
            changed = comment_moderation_apply(
                comment=comment, action=action, moderator=request.user
            )
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect(request.path)
        if not changed:
            return redirect(request.path)
        done = {
            "approve": _("The comment was approved."),
            "spam": _("The comment was marked as spam."),
        }
        messages.success(request, done[action])
        return redirect(request.path)
    context = {"comment": comment, "post": comment.post, "action": action}
    return render(request, "comments/moderate.html", context)
