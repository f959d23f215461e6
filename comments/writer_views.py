"""A writer's own comment: edit it or delete it within minutes of writing it."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blog.text import TextBodyField

from .edit_window import still_editable
from .markup import CommentMarkupError
from .models import Comment
from .services import comment_edit, comment_erase
from .writer_cookies import is_writer


class CommentEditForm(forms.Form):
    body = TextBodyField(label=gettext_lazy("Comment"), widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.COMMENTS_MAX_LENGTH
        self.fields["body"].validators.append(MaxLengthValidator(limit))
        self.fields["body"].widget.attrs.update(rows=8, maxlength=limit)


def _own_comment(request, pk: int) -> Comment:
    """The viewer's own comment, else 404: others learn nothing about it."""
    comment = get_object_or_404(
        Comment.objects.select_related("post", "user").exclude(
            status=Comment.Status.REMOVED
        ),
        pk=pk,
    )
    if not is_writer(request, comment):
        raise Http404
    return comment


def _too_late(request, comment: Comment, template: str):
    context = {
        "comment": comment,
        "post": comment.post,
        "too_late": True,
        "edit_minutes": settings.COMMENTS_EDIT_MINUTES,
    }
    return render(request, template, context, status=403)


def comment_edit_view(request, pk: int):
    """The writer changes the text; it is sanitized again and marked as edited."""
    comment = _own_comment(request, pk)
    template = "comments/comment_edit.html"
    if not still_editable(comment):
        return _too_late(request, comment, template)
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            edited = comment_edit(
                comment=comment, body=form.cleaned_data["body"], editor=request.user
            )
        except CommentMarkupError as error:
            form.add_error("body", str(error))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if edited.status == Comment.Status.APPROVED:
                messages.success(request, _("Your comment was updated."))
            else:
                messages.info(
                    request,
                    _("Your comment was updated and is awaiting moderation."),
                )
            return redirect(comment.get_absolute_url())
    status = 400 if form.errors else 200
    context = {
        "comment": comment,
        "form": form,
        "post": comment.post,
        "edit_until": comment.created_at
        + timezone.timedelta(minutes=settings.COMMENTS_EDIT_MINUTES),
    }
    return render(request, template, context, status=status)


def comment_delete_view(request, pk: int):
    """GET asks to confirm; POST (with CSRF) erases it: gone for good, a placeholder
    left only where replies hang under it."""
    comment = _own_comment(request, pk)
    template = "comments/comment_delete.html"
    if not still_editable(comment):
        return _too_late(request, comment, template)
    if request.method == "POST":
        post = comment.post
        comment_erase(comment=comment)
        messages.success(request, _("Your comment was deleted."))
        return redirect(f"{post.get_absolute_url()}#comments")
    return render(request, template, {"comment": comment, "post": comment.post})
