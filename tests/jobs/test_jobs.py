"""Staff jobs (issue 14 point 6): an import started from the portal runs as a task
(imports_exports queue), its page shows progress (<progress>, JSON status, refresh without
JavaScript) and keeps the result and the rejected rows for download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import Municipality
from network_portal.jobs import services
from network_portal.jobs.models import Job
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

CSV = (
    "name,country,state,population,latitude,longitude,official_key\n"
    "Jobstadt,DE,Bayern,12000,48.1,11.5,09162999\n"
    "Ohneland,,Bayern,1000,48.1,11.5,\n"
)


@pytest.fixture
def staff_client(client):
    from tests.factories.members import give_two_factor

    user = UserFactory(password=None, is_staff=True)
    give_two_factor(user)  # staff rights count with two factors only
    client.force_login(user)
    return client


def test_the_import_task_goes_to_the_imports_exports_queue():
    from network_portal.celery import app
    from network_portal.jobs.tasks import run_import

    route = app.amqp.router.route({}, run_import.name)
    assert route["queue"].name == "imports_exports"


def test_a_csv_import_runs_and_keeps_its_result_and_rejected_rows(
    staff_client, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("orte.csv", CSV.encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("jobs:list"), {"kind": "import_csv", "file": upload, "min_population": 0}
        )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "jobs:detail", args=[job.pk]
    )
    assert (job.state, job.done, job.total) == ("done", 2, 2)
    assert Municipality.objects.filter(name="Jobstadt").exists()
    assert len(job.rejected) == 1 and job.rejected[0]["source"].endswith(" 3")

    page = staff_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert '<progress id="job-progress" max="2" value="2">' in page
    assert 'http-equiv="refresh"' not in page and "job-progress.js" not in page
    rejected = staff_client.get(reverse("jobs:download", args=[job.pk, "abgelehnt"]))
    assert rejected["Content-Type"].startswith("text/csv")
    assert job.rejected[0]["reason"] in rejected.content.decode()
    result = staff_client.get(reverse("jobs:download", args=[job.pk, "ergebnis"]))
    assert result.content.decode().splitlines()[1] == "1,0,0,1"


def test_a_running_job_shows_its_progress_and_refreshes_itself(staff_client):
    from django.core.cache import cache

    job = Job.objects.create(kind="import_geonames", state="running", total=200)
    cache.set(services.PROGRESS_KEY.format(job.pk), (50, 200))
    page = staff_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert '<progress id="job-progress" max="200" value="50">' in page
    assert '<meta http-equiv="refresh" content="5">' in page  # without JavaScript
    assert "/static/js/job-progress" in page  # with JavaScript: polls the status
    status = staff_client.get(reverse("jobs:status", args=[job.pk])).json()
    assert (status["done"], status["total"], status["running"]) == (50, 200, True)


def test_a_bad_upload_is_a_400_with_the_message_at_the_field(staff_client):
    response = staff_client.post(reverse("jobs:list"), {"kind": "import_csv", "min_population": 0})
    assert response.status_code == 400
    assert "Bitte wählen Sie eine CSV-Datei." in response.content.decode()
    response = staff_client.post(
        reverse("jobs:list"), {"kind": "import_geonames", "countries": "XX", "min_population": 0}
    )
    assert response.status_code == 400 and "Unbekannte Ländercodes: XX" in response.content.decode()
    assert not Job.objects.exists()


def test_only_staff_reach_the_jobs(client):
    job = Job.objects.create(kind="import_csv")
    urls = [
        reverse("jobs:list"),
        reverse("jobs:detail", args=[job.pk]),
        reverse("jobs:status", args=[job.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # visitors sign in
    client.force_login(UserFactory(password=None))
    for url in urls:
        assert client.get(url).status_code == 404


def test_the_list_reads_as_many_queries_for_10_jobs_as_for_100(staff_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(count):
        Job.objects.bulk_create(
            Job(kind="import_csv", created_by=UserFactory(password=None)) for _ in range(count)
        )
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse("jobs:list")).status_code == 200
        return len(captured)

    staff_client.get(reverse("jobs:list"))  # the session's first-request queries
    assert queries(10) == queries(90)


def test_a_full_export_runs_on_the_worker_queue_and_keeps_its_file(
    staff_client, django_capture_on_commit_callbacks
):
    from network_portal.celery import app
    from network_portal.jobs.tasks import run_export
    from tests.factories.members import MunicipalityFactory

    assert app.amqp.router.route({}, run_export.name)["queue"].name == "imports_exports"
    MunicipalityFactory(name="Exportheim")
    MunicipalityFactory(name="Ausgabedorf")
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("jobs:list"), {"kind": "export_kommunen"})
    job = Job.objects.get()
    assert (job.state, job.done, job.total) == ("done", 2, 2)
    page = staff_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert reverse("jobs:download", args=[job.pk, "ergebnis"]) in page
    assert reverse("jobs:download", args=[job.pk, "abgelehnt"]) not in page
    body = staff_client.get(reverse("jobs:download", args=[job.pk, "ergebnis"])).content.decode()
    assert "Exportheim" in body and "Ausgabedorf" in body and len(body.splitlines()) == 3


@pytest.mark.parametrize("table", ["projekte", "veranstaltungen", "rueckblicke"])
def test_every_data_set_exports(staff_client, table):
    from tests.factories.events import RecapFactory
    from tests.factories.projects import ProjectFactory

    ProjectFactory()
    RecapFactory()
    job = services.job_start(actor=None, kind=f"export_{table}")
    assert services.export_run(job.pk) == "done"
    job.refresh_from_db()
    assert job.total >= 1 and len(job.result.splitlines()) == job.total + 1
