"""WSGI entry point for production servers (and ``runserver``, through WSGI_APPLICATION)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
application = get_wsgi_application()

# With no broker, articles are read in this process: load the pipeline now rather
# than on the first article. With one, workers read them (tracker/celery.py).
if settings.CELERY_TASK_ALWAYS_EAGER:
    from claims.processing.warmup import processing_prepare

    processing_prepare(process="web process")
