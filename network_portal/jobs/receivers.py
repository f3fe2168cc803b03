"""Records every task that failed for good as a FailedTask (celery's task_failure signal is
sent once the retries are used up, or at once for an error that is not retried)."""

import logging

from celery.signals import task_failure

logger = logging.getLogger(__name__)

ARGUMENTS_LIMIT = 1000
# Keyword arguments whose values are personal text and are not kept in the record.
SECRET_KWARGS = {"message", "email", "name", "subject"}


def _arguments(args, kwargs) -> str:
    shown = {k: ("…" if k in SECRET_KWARGS else v) for k, v in (kwargs or {}).items()}
    text = ", ".join([*(repr(a) for a in args or ()), *(f"{k}={v!r}" for k, v in shown.items())])
    return text[:ARGUMENTS_LIMIT]


@task_failure.connect
def record_failure(sender=None, task_id=None, exception=None, args=None, kwargs=None, **extra):
    einfo = extra.get("einfo")
    from network_portal.jobs.models import FailedTask

    try:
        FailedTask.objects.update_or_create(
            task_id=str(task_id)[:64],
            defaults={
                "task_name": getattr(sender, "name", "") or "?",
                "arguments": _arguments(args, kwargs),
                "exception": type(exception).__name__[:200],
                "message": str(exception)[:2000],
                "traceback": str(einfo.traceback if einfo else "")[-8000:],
                "retries": getattr(getattr(sender, "request", None), "retries", 0) or 0,
            },
        )
    except Exception:  # the database may be what failed: the log keeps it then
        logger.exception("Could not record the failure of task %s (%s)", task_id, sender)
