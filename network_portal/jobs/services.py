"""Staff jobs (issue 14 point 6): municipality imports started from the portal, run on the
worker (imports_exports queue) with their progress readable while they run.

The import itself is one transaction (members.services.imports), so its progress is kept
in the cache while it runs (PROGRESS_KEY) and in the Job row once it has ended."""

import csv
import io
import tempfile

from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from members.importing import ImportFileError, read_csv, read_geonames
from members.services.imports import MunicipalityImportAborted, municipalities_import
from network_portal.jobs.models import Job

PROGRESS_KEY = "jobs:progress:{}"
PROGRESS_TTL = 60 * 60 * 6


def job_start(*, actor, kind: str, source: str = "", parameters: dict | None = None) -> Job:
    from network_portal.jobs import tasks

    job = Job.objects.create(
        created_by=actor, kind=kind, source=source, parameters=parameters or {}
    )
    task = tasks.run_export if job.is_export else tasks.run_import
    task.delay_on_commit(job.pk)
    return job


def job_progress(job: Job) -> tuple[int, int]:
    """(done, total): from the cache while the job runs, else from the row."""
    if job.state == Job.State.RUNNING:
        found = cache.get(PROGRESS_KEY.format(job.pk))
        if found:
            return tuple(found)
    return job.done, job.total


def job_status(job: Job) -> dict:
    done, total = job_progress(job)
    return {
        "state": job.state,
        "state_label": job.get_state_display(),
        "done": done,
        "total": total,
        "summary": job.summary,
        "rejected": len(job.rejected),
        "running": job.running,
    }


def _rows(job: Job):
    if job.kind == Job.Kind.IMPORT_GEONAMES:
        codes = job.parameters.get("countries") or []
        return list(read_geonames(codes, int(job.parameters.get("min_population") or 0)))
    with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8") as handle:
        handle.write(job.source)
        handle.flush()
        return list(read_csv(handle.name))


def job_run(job_id: int) -> str:
    """Runs a queued job once (a redelivered message finds it running or ended: a job that
    was running when its worker died is run again, the import being one transaction)."""
    job = Job.objects.get(pk=job_id)
    if job.state in (Job.State.DONE, Job.State.FAILED):
        return job.state
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING)
    job.state = Job.State.RUNNING
    key = PROGRESS_KEY.format(job.pk)

    def progress(iterable, *, description, total=None):
        step = max(1, (total or 0) // 100)
        for number, item in enumerate(iterable, 1):
            if number % step == 0 or number == total:
                cache.set(key, (number, total or number), PROGRESS_TTL)
            yield item

    try:
        rows = _rows(job)
        total = len(rows)
        Job.objects.filter(pk=job.pk).update(total=total)
        cache.set(key, (0, total), PROGRESS_TTL)
        report = municipalities_import(rows=rows, progress=progress)
    except (ImportFileError, MunicipalityImportAborted, DatabaseError) as error:
        if isinstance(error, DatabaseError):
            raise  # transient: the task retries, then a FailedTask records it
        job.state = Job.State.FAILED
        job.summary = _("%(error)s Nothing was imported.") % {"error": error}
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "summary", "finished_at"])
        return job.state
    job.state = Job.State.DONE
    job.done = job.total = total
    job.rejected = [{"source": r.source, "reason": r.reason} for r in report.rejected]
    job.summary = _(
        "Created: %(created)s, updated: %(updated)s, unchanged: %(unchanged)s, "
        "rejected: %(rejected)s."
    ) % {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": len(report.rejected),
    }
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["created", "updated", "unchanged", "rejected"])
    writer.writerow([report.created, report.updated, report.unchanged, len(report.rejected)])
    job.result = out.getvalue()
    job.finished_at = timezone.now()
    job.save()
    cache.delete(key)
    return job.state


def export_run(job_id: int) -> str:
    """A full data set as CSV (network_portal/exports' table, every row its starter may
    see, in the list page's default order), kept on the job for download."""
    from django.test import RequestFactory

    from members.access import viewer_for
    from network_portal.exports.csv_views import in_page_order, stream
    from network_portal.exports.tables import TABLES

    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.state in (Job.State.DONE, Job.State.FAILED):
        return job.state
    table = TABLES[job.kind.removeprefix("export_")]
    request = RequestFactory().get("/")
    request.user = job.created_by
    request.viewer = viewer_for(job.created_by)
    rows = table.rows(request)
    filterset = None
    if hasattr(rows, "is_valid"):
        filterset, rows = rows, rows.qs
    queryset = in_page_order(table, request, filterset, rows).annotate(**table.annotations())
    total = queryset.count()
    key = PROGRESS_KEY.format(job.pk)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, total=total)
    cache.set(key, (0, total), PROGRESS_TTL)
    step = max(1, total // 100)
    lines = []
    for number, line in enumerate(stream(table, queryset, ",")):
        lines.append(line)
        if number and (number % step == 0 or number == total):
            cache.set(key, (number, total), PROGRESS_TTL)
    job.state = Job.State.DONE
    job.done = job.total = total
    job.result = "".join(lines)
    job.summary = _("%(count)s rows exported.") % {"count": total}
    job.finished_at = timezone.now()
    job.save()
    cache.delete(key)
    return job.state
