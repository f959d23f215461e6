from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2Adapter,
    OAuth2CallbackView,
    OAuth2LoginView,
)


class WordPressOAuth2Adapter(OAuth2Adapter):
    provider_id = "wordpress"
    access_token_url = "https://public-api.wordpress.com/oauth2/token"  # noqa: S105
    authorize_url = "https://public-api.wordpress.com/oauth2/authorize"
    profile_url = "https://public-api.wordpress.com/rest/v1/me"

    def complete_login(self, request, app, token, **kwargs):
        with get_adapter().get_requests_session() as session:
            response = session.get(
                self.profile_url,
                headers={"Authorization": f"Bearer {token.token}"},
            )
            response.raise_for_status()
        return self.get_provider().sociallogin_from_response(request, response.json())


oauth2_login = OAuth2LoginView.adapter_view(WordPressOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(WordPressOAuth2Adapter)
