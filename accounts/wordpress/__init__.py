"""WordPress.com sign-in as an allauth provider.

django-allauth 65 no longer ships a WordPress.com provider; this is the small
OAuth 2 provider it used to be, against WordPress.com's public API.
"""
