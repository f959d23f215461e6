"""Pages the notification emails link to: unsubscribe, and approve or spam a comment.

A link in an email is a GET, and a GET never changes anything: each page asks to
confirm with a POST button. The unsubscribe URL also takes the RFC 8058 one-click
POST that mail clients send, with no cookie and so no CSRF token: the signed token
is the proof.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .models import Comment
from .notifications import MODERATORS_GROUP, unsubscribed_comment_id
from .services import comment_approve, comment_mark_spam

ACTIONS = {"approve": comment_approve, "spam": comment_mark_spam}
# Removed comments are left to the admin: restoring one is not an email's business.
ACTIONABLE = {
    "approve": {Comment.Status.PENDING, Comment.Status.SPAM},
    "spam": {Comment.Status.PENDING, Comment.Status.APPROVED},
}


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


def can_moderate(user, comment: Comment) -> bool:
    """Moderators on every post; an author on their own posts."""
    if not (user.is_active and user.is_authenticated):
        return False
    if user.is_superuser or comment.post.author_id == user.pk:
        return True
    return user.groups.filter(name=MODERATORS_GROUP).exists()


@login_required
def comment_moderate_view(request, pk: int):
    """A comment to moderate from an email: shown, then approved or spammed by POST."""
    comment = get_object_or_404(Comment.objects.select_related("post", "user"), pk=pk)
    if not can_moderate(request.user, comment):
        raise Http404
    action = request.POST.get("action") or request.GET.get("action", "")
    if request.method == "POST":
        if comment.status not in ACTIONABLE.get(action, ()):
            return redirect(request.path)
        ACTIONS[action](comment=comment)
        done = {
            "approve": _("The comment was approved."),
            "spam": _("The comment was marked as spam."),
        }
        messages.success(request, done[action])
        return redirect(request.path)
    context = {"comment": comment, "post": comment.post, "action": action}
    return render(request, "comments/moderate.html", context)
