"""Settings of the Celery worker that tests/jobs/test_worker_killed.py starts: the portal's,
with email written to files the test reads (slowly, so the test can kill the worker in the
middle of a batch) and Redis handing out a killed worker's message again after 2 s."""

import os

from network_portal.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.jobs.worker_settings.SlowFileBackend"
EMAIL_FILE_PATH = os.environ["TEST_EMAIL_DIR"]
CELERY_BROKER_URL = os.environ["TEST_BROKER_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

from django.core.mail.backends.filebased import EmailBackend  # noqa: E402


class SlowFileBackend(EmailBackend):
    """Writes each message, then takes its time (a slow mail server's goodbye): a kill then
    lands after the email went out and before the task was acknowledged."""

    def send_messages(self, email_messages):
        import time

        sent = super().send_messages(email_messages)
        time.sleep(0.25)
        return sent
