"""Staff jobs (network_portal/jobs/): staff only; others signed in get 404, visitors are
sent to sign in. A POST without a source is a 400 for staff and starts nothing."""

from django.urls import reverse

from network_portal.jobs.models import Job
from tests.personas import STAFF, VISITOR
from tests.quality.matrix import LOGIN, everyone, only, page


def staff_only(outcome) -> dict:
    return {**only((STAFF,), outcome, otherwise=404), VISITOR: LOGIN}


def _job(world) -> Job:
    job, _ = Job.objects.get_or_create(
        kind=Job.Kind.IMPORT_CSV,
        source="matrix",
        defaults={"state": Job.State.DONE, "result": "created\r\n0\r\n", "done": 1, "total": 1},
    )
    return job


ROWS = [
    page("jobs:list", get=staff_only(200), post=staff_only(400), data=lambda world: {}),
    page(
        "jobs:detail",
        lambda world: reverse("jobs:detail", args=[_job(world).pk]),
        get=staff_only(200),
        post=everyone(405),
    ),  # fmt: skip
    page(
        "jobs:status",
        lambda world: reverse("jobs:status", args=[_job(world).pk]),
        get=staff_only(200),
        post=everyone(405),
    ),  # fmt: skip
    page(
        "jobs:download",
        lambda world: reverse("jobs:download", args=[_job(world).pk, "ergebnis"]),
        get=staff_only(200),
        post=everyone(405),
    ),  # fmt: skip
]
