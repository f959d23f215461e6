from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from blog.models import Post
from blog.queries import published_post
from blog.views import post_page_with_refused_comment

from .actions import comment_moderation_apply
from .forms import CommentForm
from .markup import CommentMarkupError
from .models import Comment, ModerationLog
from .page_messages import message_at_comment
from .paging import page_number_of
from .queries import shown_comments
from .rules import CommentFlood
from .services import comment_submit
from .writer_cookies import DETAIL_COOKIES, remember_written

DETAIL_COOKIE_AGE = 365 * 24 * 3600
# The moderator buttons on the page, with what each says once done.
PAGE_ACTIONS = {
    ModerationLog.Action.APPROVE: _("Comment approved."),
    ModerationLog.Action.SPAM: _("Comment marked as spam."),
    ModerationLog.Action.NOT_SPAM: _("Comment marked as not spam."),
    ModerationLog.Action.REMOVE: _("Comment removed. Restore brings it back."),
    ModerationLog.Action.RESTORE: _("Comment restored."),
}


def _post_from(request) -> Post:
    """The post commented on, among those `Post.objects.previewable_by` gives the
    writer, with only what a comment's checks, writes and emails read (a fifth of
    the post's columns; its texts are long): a refused comment's page reads the
    rest. A guest may preview nothing: for them, the published post."""
    try:
        post_id = int(request.POST.get("post_id", ""))
    except ValueError:
        raise Http404 from None
    if not request.user.is_authenticated:
        post = published_post(post_id, _POSTING_FIELDS)
        if post is None:
            raise Http404
        return post
    posts = Post.objects.previewable_by(request.user).only(*_POSTING_FIELDS)
    return get_object_or_404(posts, pk=post_id)


_POSTING_FIELDS = (
    "title",
    "slug",
    "author",
    "status",
    "published_at",
    "allow_comments",
    "password",
)


def _remember_details(response, form: CommentForm) -> None:
    """Keep the guest's details in cookies only with their consent; else forget them."""
    for field, cookie in DETAIL_COOKIES.items():
        if form.cleaned_data.get("save_details"):
            response.set_cookie(
                cookie,
                quote(form.cleaned_data[field]),
                max_age=DETAIL_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        else:
            response.delete_cookie(cookie, samesite="Lax")


def _user_details(user) -> dict:
    return {
        "author_name": user.get_display_name(),
        "author_email": user.email,
        "author_url": user.website,
    }


def _guest_details(data: dict) -> dict:
    return {field: data[field] for field in DETAIL_COOKIES}


@require_POST
def comment_post(request):
    """Store a comment, or send the post page back with the errors and the text."""
    post = _post_from(request)
    user = request.user
    form = CommentForm(request.POST, post=post, user=user)
    retry_after = None
    if form.is_valid():
        data = form.cleaned_data
        signed_in = user.is_authenticated
        try:
            comment = comment_submit(
                post=post,
                parent=form.parent,
                user=user,
                **(_user_details(user) if signed_in else _guest_details(data)),
                body=data["body"],
                ip_address=request.META.get("REMOTE_ADDR"),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                notify_replies=data.get("notify_replies", False),
            )
        except CommentMarkupError as error:
            form.add_error("body", str(error))
        except CommentFlood as error:
            form.add_error(None, error.messages)
            retry_after = error.retry_after
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            response = redirect(comment.get_absolute_url())
            if not signed_in:
                remember_written(request, response, comment)
                _remember_details(response, form)
            return response
    post = Post.objects.select_related("author").get(pk=post.pk)
    status = 400 if retry_after is None else 429
    response = post_page_with_refused_comment(request, post, form, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def comment_permalink(request, pk: int):
    """A comment's address: the page of the thread that shows it, at the comment."""
    comment = get_object_or_404(Comment.objects.select_related("post"), pk=pk)
    post = comment.post
    if post is None:  # on a page: its discussion is shown whole, on the page
        if not (
            comment.page.is_published and comment.status == Comment.Status.APPROVED
        ):
            raise Http404
        return redirect(f"{comment.page.get_absolute_url()}#comment-{pk}")
    if not post.is_public:
        raise Http404
    shown = shown_comments(request, post)
    if not shown.filter(pk=pk).exists():
        raise Http404
    number = page_number_of(shown, comment.tree_id)
    query = f"?cpage={number}" if number > 1 else ""
    return redirect(f"{post.get_absolute_url()}{query}#comment-{pk}")


@require_POST
def comment_moderate(request):
    """A moderator's button under a comment on the page.

    Comments the user may not moderate are "not found", whatever was posted. Without
    JavaScript the answer is a redirect back to the comment, where the page shows
    the message (comments.page_messages); the page script asks for JSON (Accept:
    application/json) and reloads the thread in place.
    """
    try:
        comment_id = int(request.POST.get("comment", ""))
        action = ModerationLog.Action(request.POST.get("action", ""))
    except ValueError:
        raise Http404 from None
    if action not in PAGE_ACTIONS:
        raise Http404
    moderatable = Comment.objects.moderatable_by(request.user).select_related("post")
    comment = get_object_or_404(moderatable, pk=comment_id)
    post = comment.post
    try:
        comment_moderation_apply(comment=comment, action=action, moderator=request.user)
    except ValidationError as error:
        message, ok = " ".join(error.messages), False
    else:
        message, ok = PAGE_ACTIONS[action], True
    if "application/json" in request.headers.get("Accept", ""):
        status = 200 if ok else 409
        return JsonResponse({"ok": ok, "message": str(message)}, status=status)
    message_at_comment(request, comment_id, message, ok=ok)
    return redirect(f"{post.get_absolute_url()}#comment-{comment_id}")
