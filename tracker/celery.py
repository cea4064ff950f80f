"""The Celery app. Workers start with ``celery -A tracker worker``.

Configuration comes from Django settings under the ``CELERY_`` prefix, so the
broker, eager mode and beat schedule are all set in ``tracker/settings.py``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
