import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_portal.settings")

# Every task retries transient errors with backoff (network_portal/jobs/base.py).
app = Celery("network_portal", task_cls="network_portal.jobs.base:RetryingTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
