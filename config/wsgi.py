"""WSGI entry point: `gunicorn --preload config.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from config.preload import preload  # noqa: E402 - needs the apps loaded above

preload()
