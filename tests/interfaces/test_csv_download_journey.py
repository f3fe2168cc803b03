"""A visitor downloads a filtered project list as CSV in Chromium, twice: the first file is
written as it is sent, the second comes from the kept copy, gzip-compressed on the wire
(network_portal/exports/csv_views.py). Both saved files are the same plain CSV."""

import pytest
from django.urls import reverse

from tests.factories.members import MunicipalityFactory
from tests.factories.projects import ProjectFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_downloads_the_filtered_list_twice_and_gets_the_same_plain_file(
    open_context,
):
    mobility = TopicFactory(slug="mobilitaet", name_de="Mobilität", name_en="Mobility")
    energy = TopicFactory(slug="energie", name_de="Energie", name_en="Energy")
    kiel = MunicipalityFactory(name="Kiel", slug="kiel")
    ProjectFactory(title="Rufbus Kiel", lead_municipality=kiel, topics=[mobility])
    ProjectFactory(title="Solardächer Kiel", lead_municipality=kiel, topics=[energy])
    export = reverse("exports:projects_csv")

    context, watcher = open_context()
    page = watcher.watch(context.new_page())
    encodings = []
    page.on(
        "response",
        lambda response: (
            response.url.split("?")[0].endswith(export)
            and encodings.append(response.headers.get("content-encoding", ""))
        ),
    )
    page.goto(reverse("projects:project_list") + "?topic=mobilitaet")
    link = page.locator(f'a[href^="{export}?topic=mobilitaet"]').first

    files = []
    for _ in range(2):
        with page.expect_download() as download:
            link.click()
        files.append(download.value.path().read_bytes())

    assert files[0] == files[1]
    text = files[0].decode("utf-8")
    assert text.startswith("\ufeff")
    assert "Rufbus Kiel" in text
    assert "Solardächer Kiel" not in text
    assert encodings == ["", "gzip"]
    assert not watcher.console_errors, watcher.console_errors
