"""Faults (issue 14 point 7): transient errors are retried with backoff up to a bound, then
recorded where staff see them; other errors are recorded at once."""

import pytest
from django.conf import settings
from django.db import OperationalError

from network_portal.celery import app as celery_app
from network_portal.jobs.base import MAX_RETRIES, RetryingTask
from network_portal.jobs.models import FailedTask

pytestmark = pytest.mark.django_db

calls = {"n": 0}


@celery_app.task(name="tests.jobs.flaky", bind=True)
def flaky(self, fail_times: int, error: str = "smtp"):
    calls["n"] += 1
    if calls["n"] <= fail_times:
        raise OSError("SMTP down") if error == "smtp" else OperationalError("connection lost")
    return calls["n"]


@celery_app.task(name="tests.jobs.broken")
def broken():
    raise ValueError("a bug, not a fault")


@pytest.fixture
def admin_client_two_factor(client):
    from tests.factories.accounts import UserFactory
    from tests.foundation.test_two_factor import give_two_factor

    user = UserFactory(password=None, is_staff=True, is_superuser=True)
    give_two_factor(user)
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _reset():
    calls["n"] = 0
    # Eager, a retry then runs at once (without the backoff's wait) as a new attempt.
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = True


def test_every_task_retries_transient_errors_with_backoff_up_to_a_bound():
    assert isinstance(flaky, RetryingTask)
    assert hasattr(flaky, "delay_on_commit")  # still Celery's DjangoTask
    assert flaky.max_retries == MAX_RETRIES == 5
    assert flaky.retry_backoff and flaky.retry_backoff_max <= 600
    assert OSError in flaky.autoretry_for and OperationalError in flaky.autoretry_for
    # The portal's own tasks inherit it.
    from network_portal.tasks import send_contact_message as contact

    assert isinstance(contact, RetryingTask) and contact.max_retries == MAX_RETRIES


@pytest.mark.parametrize("error", ["smtp", "database"])
def test_a_transient_error_is_retried_and_the_task_then_succeeds(error):
    result = flaky.apply(args=(2, error))
    assert result.get() == 3
    assert calls["n"] == 3  # two failures, then success in the retry
    assert not FailedTask.objects.exists()


def test_a_fault_that_outlasts_the_retries_is_recorded_for_staff(admin_client_two_factor):
    result = flaky.apply(args=(99,), task_id="lasting-fault")
    assert result.failed() and isinstance(result.result, OSError)
    assert calls["n"] == MAX_RETRIES + 1
    record = FailedTask.objects.get(task_id="lasting-fault")
    assert record.task_name == "tests.jobs.flaky"
    assert record.exception == "OSError" and record.message == "SMTP down"
    assert record.retries == MAX_RETRIES
    assert "99" in record.arguments and "OSError" in record.traceback
    # Staff see it in the administration.
    page = admin_client_two_factor.get("/admin/jobs/failedtask/")
    assert page.status_code == 200
    assert "tests.jobs.flaky" in page.content.decode()


def test_a_programming_error_is_recorded_at_once_without_retries():
    assert broken.apply(task_id="a-bug").failed()
    record = FailedTask.objects.get(task_id="a-bug")
    assert (record.exception, record.retries) == ("ValueError", 0)


def test_personal_text_of_a_contact_message_is_not_kept_in_the_record():
    from network_portal.jobs.receivers import _arguments

    text = _arguments((), {"name": "Ada", "email": "ada@example.org", "message": "Hallo"})
    assert "Ada" not in text and "ada@example.org" not in text and "Hallo" not in text


def test_messages_are_acknowledged_after_the_task_one_at_a_time():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert celery_app.conf.task_acks_late and celery_app.conf.worker_prefetch_multiplier == 1


def test_notification_tasks_retry_a_lost_database_connection_too():
    from network_portal.following.tasks import send_digest, send_notification

    for task in (send_notification, send_digest):
        assert OSError in task.autoretry_for and OperationalError in task.autoretry_for
        assert task.max_retries == 5 and task.retry_backoff == 30
