"""WSGI entry point for production servers (and ``runserver``, through WSGI_APPLICATION)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
application = get_wsgi_application()

# Load now what the first request would otherwise wait for (the spaCy pipeline among it).
from tracker.startup import web_process_prepare  # noqa: E402

web_process_prepare()
