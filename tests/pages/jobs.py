"""Staff jobs' pages (network_portal/jobs/): the imports list with its form, and a job's
page (an ended import with a rejected row). The status (JSON) and downloads (CSV) are
exempt."""

from django.urls import reverse

from network_portal.jobs.models import Job
from tests.pages import STAFF, exempt, page

exempt("jobs:status", "JSON: a job's progress for the job page's script")
exempt("jobs:download", "CSV: a job's result and rejected rows")


def ended_job() -> Job:
    return Job.objects.create(
        kind=Job.Kind.IMPORT_CSV,
        state=Job.State.DONE,
        done=2,
        total=2,
        summary="Angelegt: 1, aktualisiert: 0, unverändert: 0, abgelehnt: 1.",
        result="created,updated,unchanged,rejected\r\n1,0,0,1\r\n",
        rejected=[{"source": "Zeile 3", "reason": "Land fehlt"}],
    )


@page("jobs:list", personas=(STAFF,))
def job_list():
    ended_job()
    return reverse("jobs:list")


@page("jobs:detail", personas=(STAFF,))
def job_detail():
    return reverse("jobs:detail", args=[ended_job().pk])
