"""The base class of every Celery task of the portal (network_portal/celery.py sets it as the
app's task_cls), issue 14 point 7.

Transient faults -- the mail server down or refusing (smtplib's errors are OSErrors), a
network error, the database connection lost -- are retried with exponential backoff
(30 s, 60 s, 120 s, ... with jitter, at most 10 minutes apart) up to MAX_RETRIES times.
After the last attempt the task fails and network_portal.jobs.receivers records it as a
FailedTask, which staff see in the administration. Anything else (a programming error)
fails at once and is recorded the same way.

A task that names its own autoretry_for/retry_backoff keeps it; the failure record covers
it too.

This module is imported when the Celery app is created, before Django is set up: no models.
"""

from celery.contrib.django.task import DjangoTask
from django.db import InterfaceError, OperationalError

TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError)
MAX_RETRIES = 5


class RetryingTask(DjangoTask):
    """DjangoTask (delay_on_commit, apply_async_on_commit), the class Celery's Django fix-up
    would have chosen, with the retry policy."""

    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = 30
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = MAX_RETRIES
