"""WSGI entry point (gunicorn kosovo_edu.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kosovo_edu.settings")
application = get_wsgi_application()
