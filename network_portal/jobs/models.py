"""Background tasks (issue 14 points 6 and 7).

- FailedTask: a Celery task that failed for good (after its retries, or at once for an
  error that is not transient); staff see the list in the administration.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FailedTask(models.Model):
    task_id = models.CharField(_("task id"), max_length=64, unique=True)
    task_name = models.CharField(_("task"), max_length=200, db_index=True)
    # What the task was called with, shortened; contact form tasks carry no message text here
    # (see receivers.SECRET_KWARGS).
    arguments = models.TextField(_("arguments"), blank=True)
    exception = models.CharField(_("error"), max_length=200)
    message = models.TextField(_("message"), blank=True)
    traceback = models.TextField(_("traceback"), blank=True)
    retries = models.PositiveSmallIntegerField(_("retries"), default=0)
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now, db_index=True)
    resolved = models.BooleanField(
        _("resolved"), default=False, help_text=_("Set when staff have dealt with it.")
    )

    class Meta:
        ordering = ["-failed_at"]
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")

    def __str__(self):
        return f"{self.task_name} ({self.task_id})"


class Job(models.Model):
    """A long piece of staff work run on the worker (imports_exports queue): who started
    it, what, its state and progress, and what it left (result, rejected rows)."""

    class Kind(models.TextChoices):
        IMPORT_CSV = "import_csv", _("Import municipalities from a CSV file")
        IMPORT_GEONAMES = "import_geonames", _("Import municipalities from GeoNames")
        EXPORT_PROJECTS = "export_projekte", _("Export all projects (CSV)")
        EXPORT_MUNICIPALITIES = "export_kommunen", _("Export all municipalities (CSV)")
        EXPORT_EVENTS = "export_veranstaltungen", _("Export all events (CSV)")
        EXPORT_RECAPS = "export_rueckblicke", _("Export all recaps (CSV)")

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="jobs"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # What to work on: the uploaded CSV text, or the GeoNames country codes.
    source = models.TextField(blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default="queued")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    summary = models.TextField(_("result"), blank=True)
    result = models.TextField(blank=True)  # a CSV to download
    rejected = models.JSONField(default=list, blank=True)  # [{"source": …, "reason": …}]
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_export(self) -> bool:
        return self.kind.startswith("export_")

    @property
    def running(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
