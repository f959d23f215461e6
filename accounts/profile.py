"""The signed-in reader's own pages: profile, data download, account deletion."""

import json

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import ProtectedError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from comments.models import Comment
from comments.rendering import user_comments_refresh_html

from .forms import AccountDeleteForm, ProfileForm
from .providers import LABELS
from .services import account_delete, account_export


def _connected(request, user) -> list[str]:
    """The names of the providers the user connected (one no longer configured is
    still listed, so that it can be disconnected)."""
    from allauth.socialaccount.adapter import get_adapter as get_social_adapter
    from allauth.socialaccount.models import SocialApp
    from allauth.socialaccount.providers import registry

    names = []
    for account in user.socialaccount_set.order_by("provider"):
        try:
            provider = get_social_adapter().get_provider(request, account.provider)
        except SocialApp.DoesNotExist:
            known = registry.get_class(account.provider)
            names.append(known.name if known else account.provider)
        else:
            names.append(LABELS.get(provider.id, provider.name))
    return names


@login_required
def profile(request):
    """Name, website and picture; connected accounts; my comments and their status."""
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=user)
        if form.is_valid():
            form.save()
            user_comments_refresh_html(user)
            messages.success(request, _("Your profile was saved."))
            return redirect("profile:profile")
    else:
        form = ProfileForm(instance=user)
    comments = (
        Comment.objects.filter(user=user).select_related("post").order_by("-created_at")
    )
    context = {
        "form": form,
        "my_comments": comments,
        "social_accounts": _connected(request, user),
    }
    return render(
        request, "accounts/profile.html", context, status=400 if form.errors else 200
    )


@require_safe
@login_required
def profile_export(request):
    """Everything the site holds about me, as a JSON file to download."""
    data = account_export(user=request.user)
    stamp = timezone.now().strftime("%Y%m%d")
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    return response


@login_required
def profile_delete(request):
    """Delete my account, after a confirmation (and my password, if I have one)."""
    user = request.user
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["comments"] == AccountDeleteForm.CommentChoice.KEEP
        try:
            account_delete(user=user, keep_comments=keep)
        except ProtectedError:
            form.add_error(
                None,
                _(
                    "Your account wrote posts on this blog. Ask an administrator to "
                    "hand them to another author before deleting it."
                ),
            )
        else:
            logout(request)
            messages.success(request, _("Your account was deleted."))
            return redirect(get_adapter(request).get_logout_redirect_url(request))
    status = 400 if form.errors else 200
    return render(
        request, "accounts/profile_delete.html", {"form": form}, status=status
    )
