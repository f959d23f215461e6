"""The Content Security Policy, with the social sign-in providers in form-action.

The comment form's "Log in with" buttons and allauth's confirmation page post to
this site, which redirects to the provider: browsers check that redirect against
form-action, so each configured provider's origin is added to it. The providers
come from the environment and the admin's Social applications (cached), so the
policy is completed per request rather than in settings, on the pages that offered
them (and allauth's pages), so that other pages make no query for it.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.db import DatabaseError

from accounts.providers import configured_providers


class ColloquyCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        content_type = response.get("Content-Type", "")
        if report_only or not content_type.startswith("text/html"):
            return parts
        providers = getattr(request, "social_providers_offered", None)
        if providers is None and request.path_info.startswith("/accounts/"):
            # allauth's own pages (the provider confirmation) post to a provider.
            try:
                providers = configured_providers(request)
            except DatabaseError:
                providers = []
        providers = providers or []
        origins = sorted({p.origin for p in providers if p.origin})
        if origins:
            update = dict(parts.update or {})
            update["form-action"] = [*update.get("form-action", []), *origins]
            parts.update = update
        return parts
