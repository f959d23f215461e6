from django.apps import AppConfig


class WordPressConfig(AppConfig):
    name = "accounts.wordpress"
    # Its own label, so that the name "wordpress" stays free for any other app.
    label = "accounts_wordpress"
    verbose_name = "WordPress.com sign-in"
