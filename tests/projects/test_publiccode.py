"""publiccode.yml (projects/publiccode.py, projects/views_publiccode.py): the checker, the
mapping, the download (round trip through the checker, access rule), the import by upload and
by address (no internet: the resolver and the request are replaced), and the address refusal."""

import copy

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects import publiccode
from projects.models import Project
from tests.personas import OFFICER_X, OFFICER_Y, VISITOR, log_in
from tests.projects.test_project_edit import form_data

VALID = {
    "publiccodeYmlVersion": "0.4",
    "name": "Wärmeplaner",
    "url": "https://gitlab.opencode.de/stadt/waermeplaner",
    "platforms": ["web"],
    "developmentStatus": "beta",
    "softwareType": "standalone/web",
    "description": {
        "de": {
            "shortDescription": "Kommunale Wärmeplanung im Browser.",
            "longDescription": "Ein Werkzeug, mit dem Kommunen ihre Wärmeplanung erstellen.",
            "features": ["Karten", "Szenarien"],
        },
        "en": {
            "shortDescription": "Municipal heat planning in the browser.",
            "longDescription": "A tool for municipal heat planning.",
            "features": ["Maps"],
        },
    },
    "legal": {"license": "EUPL-1.2"},
    "maintenance": {"type": "community", "contacts": [{"name": "Stadt"}]},
    "localisation": {"localisationReady": True, "availableLanguages": ["de", "en"]},
}


def dumped(data) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True).encode()


def keys(error) -> set[str]:
    return {key for key, _message in error.errors}


def test_a_valid_file_maps_onto_the_project_fields():
    values = publiccode.project_values(publiccode.parse(dumped(VALID)))
    assert values["title"] == "Wärmeplaner"
    assert values["summary"] == "Kommunale Wärmeplanung im Browser."
    assert values["description"].startswith("Ein Werkzeug")
    assert "- Szenarien" in values["description"]
    assert values["repository_url"] == VALID["url"]
    assert values["licence"] == "EUPL-1.2"
    assert values["is_open_source"] is True
    assert values["stage"] == Project.Stage.PILOT
    assert values["summary_en"] == "Municipal heat planning in the browser."


def test_every_problem_is_listed_by_key():
    bad = copy.deepcopy(VALID)
    del bad["name"]
    del bad["platforms"]
    bad["developmentStatus"] = "fertig"
    bad["description"]["de"]["shortDescription"] = "x" * 151
    del bad["description"]["en"]["features"]
    bad["legal"]["license"] = "Meine Lizenz"
    bad["maintenance"] = {"type": "internal"}
    bad["localisation"]["localisationReady"] = "ja"
    with pytest.raises(publiccode.PubliccodeError) as raised:
        publiccode.parse(dumped(bad))
    assert keys(raised.value) == {
        "name",
        "platforms",
        "developmentStatus",
        "description.de.shortDescription",
        "description.en.features",
        "legal.license",
        "maintenance.contacts",
        "localisation.localisationReady",
    }


@pytest.mark.parametrize(
    "text", [b"a: [b", b"- nur\n- eine Liste\n", b"\xff\xfe", b"!!python/object:os.system {}"]
)
def test_unreadable_files_are_refused_safely(text):
    with pytest.raises(publiccode.PubliccodeError):
        publiccode.parse(text)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "169.254.169.254",
        "::1",
        "fe80::1%eth0",
        "::ffff:127.0.0.1",
        "192.168.0.1",
        "224.0.0.1",
        "0.0.0.0",  # noqa: S104 (an address to refuse, not one to bind)
        "kein-ip",
    ],
)
def test_internal_addresses_are_refused(monkeypatch, address):
    monkeypatch.setattr(publiccode, "resolve", lambda host: ["93.184.215.14", address])
    monkeypatch.setattr(publiccode, "request", lambda *a: pytest.fail("connected"))
    with pytest.raises(publiccode.PubliccodeError) as raised:
        publiccode.fetch("https://code.example.org/stadt/waermeplaner")
    assert keys(raised.value) == {"url"}


def test_public_addresses_pass():
    assert not publiccode.refused("93.184.215.14")
    assert not publiccode.refused("2606:2800:21f:cb07:6820:80da:af6b:8b2c")


def fake_server(monkeypatch, responses):
    """Public addresses; `responses` maps a path to (status, headers, body)."""
    asked = []

    def request(host, address, path):
        asked.append((host, address, path))
        status, headers, body = responses[path]
        chunks = (body[i : i + 10] for i in range(0, len(body), 10))
        return status, headers, chunks

    monkeypatch.setattr(publiccode, "resolve", lambda host: ["93.184.215.14"])
    monkeypatch.setattr(publiccode, "request", request)
    return asked


def test_fetch_reads_the_repositorys_file_and_follows_same_host_redirects(monkeypatch):
    asked = fake_server(
        monkeypatch,
        {
            "/stadt/waermeplaner/-/raw/HEAD/publiccode.yml": (
                302,
                {"location": "/stadt/waermeplaner/-/raw/main/publiccode.yml"},
                b"",
            ),
            "/stadt/waermeplaner/-/raw/main/publiccode.yml": (200, {}, dumped(VALID)),
        },
    )
    body = publiccode.fetch("https://gitlab.opencode.de/stadt/waermeplaner")
    assert publiccode.parse(body)["name"] == "Wärmeplaner"
    assert [host for host, _a, _p in asked] == ["gitlab.opencode.de"] * 2
    assert publiccode.file_address("https://github.com/o/r") == (
        "https://raw.githubusercontent.com/o/r/HEAD/publiccode.yml"
    )


def test_fetch_refuses_http_other_hosts_and_large_files(monkeypatch):
    fake_server(
        monkeypatch,
        {
            "/a.yml": (302, {"location": "https://169.254.169.254/latest/"}, b""),
            "/big.yml": (200, {}, b"x" * (publiccode.MAX_BYTES + 1)),
        },
    )
    for url in (
        "http://code.example.org/a.yml",
        "https://code.example.org:8443/a.yml",
        "https://code.example.org/a.yml",
        "https://code.example.org/big.yml",
    ):
        with pytest.raises(publiccode.PubliccodeError):
            publiccode.fetch(url)


@pytest.fixture
def open_source(personas_once, db):
    """The members-only project led by X, as open-source software."""
    world, _users = personas_once
    project = world.members_project
    Project.objects.filter(pk=project.pk).update(
        is_open_source=True, repository_url=VALID["url"], licence="EUPL-1.2"
    )
    project.refresh_from_db()
    return project


def client_of(personas_once, name):
    return log_in(personas_once[1].get(name))


def test_the_download_round_trips_and_follows_the_access_rule(personas_once, open_source):
    url = reverse("projects:publiccode_download", kwargs={"slug": open_source.slug})
    response = client_of(personas_once, OFFICER_X).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    detail = client_of(personas_once, OFFICER_X).get(open_source.get_absolute_url())
    assert f'href="{url}"' in detail.content.decode()
    assert "no-store" in response["Cache-Control"]
    data = publiccode.parse(response.content)  # valid against the portal's own checker
    assert data["name"] == open_source.title
    assert data["legal"]["license"] == "EUPL-1.2"
    values = publiccode.project_values(data)
    assert values["stage"] == publiccode.STAGE_FROM_STATUS[data["developmentStatus"]]
    # Members only: a visitor and an officer outside the network get nothing.
    assert client_of(personas_once, VISITOR).get(url).status_code == 404
    assert client_of(personas_once, OFFICER_Y).get(url).status_code == 404
    # Not open source: no file.
    public = personas_once[0].public_project
    other = reverse("projects:publiccode_download", kwargs={"slug": public.slug})
    assert client_of(personas_once, VISITOR).get(other).status_code == 404


def test_an_upload_fills_the_form_for_review_and_saves_nothing(personas_once, open_source):
    client = client_of(personas_once, OFFICER_X)
    url = reverse("projects:publiccode_import", kwargs={"slug": open_source.slug})
    edit = client.get(reverse("projects:project_edit", kwargs={"slug": open_source.slug}))
    assert f'href="{url}"' in edit.content.decode()
    assert client.get(url).status_code == 200
    version = open_source.version
    upload = SimpleUploadedFile("publiccode.yml", dumped(VALID), "application/yaml")
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Wärmeplaner"' in page
    assert f'action="{reverse("projects:project_edit", kwargs={"slug": open_source.slug})}"' in page
    open_source.refresh_from_db()
    assert open_source.title != "Wärmeplaner"
    assert open_source.version == version
    # Saving the reviewed form (as the page sends it) keeps the values.
    values = publiccode.project_values(publiccode.parse(dumped(VALID)))
    edit = reverse("projects:project_edit", kwargs={"slug": open_source.slug})
    typed = form_data(open_source, **{**values, "is_open_source": "on"})
    saved = client.post(edit, typed)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    open_source.refresh_from_db()
    assert (open_source.title, open_source.licence, open_source.stage) == (
        "Wärmeplaner",
        "EUPL-1.2",
        Project.Stage.PILOT,
    )


def test_a_bad_upload_answers_400_with_the_keys(personas_once, open_source):
    client = client_of(personas_once, OFFICER_X)
    url = reverse("projects:publiccode_import", kwargs={"slug": open_source.slug})
    bad = {**VALID, "legal": {"license": "Meine Lizenz"}}
    del bad["softwareType"]
    response = client.post(url, {"file": SimpleUploadedFile("p.yml", dumped(bad))})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<code>softwareType</code>" in page and "<code>legal.license</code>" in page
    assert 'enctype="multipart/form-data"' in page  # the form comes back
    assert client.post(url, {}).status_code == 400  # neither file nor address


def test_an_address_is_fetched_through_the_guard(personas_once, open_source, monkeypatch):
    fake_server(
        monkeypatch,
        {"/stadt/waermeplaner/-/raw/HEAD/publiccode.yml": (200, {}, dumped(VALID))},
    )
    client = client_of(personas_once, OFFICER_X)
    url = reverse("projects:publiccode_import", kwargs={"slug": open_source.slug})
    response = client.post(url, {"url": VALID["url"]})
    assert response.status_code == 200
    assert 'value="Wärmeplaner"' in response.content.decode()
    monkeypatch.setattr(publiccode, "resolve", lambda host: ["10.0.0.5"])
    refused = client.post(url, {"url": VALID["url"]})
    assert refused.status_code == 400
    assert "<code>url</code>" in refused.content.decode()


def test_only_editors_may_import(personas_once, open_source):
    url = reverse("projects:publiccode_import", kwargs={"slug": open_source.slug})
    assert client_of(personas_once, VISITOR).get(url).status_code == 302
    assert client_of(personas_once, OFFICER_Y).get(url).status_code == 404


def test_a_new_project_is_filled_for_review(personas_once, db):
    world, _users = personas_once
    client = client_of(personas_once, OFFICER_X)
    create = reverse("projects:project_create", kwargs={"slug": world.x.slug})
    url = reverse("projects:publiccode_import_new", kwargs={"slug": world.x.slug})
    assert f'href="{url}"' in client.get(create).content.decode()
    count = Project.objects.count()
    response = client.post(url, {"file": SimpleUploadedFile("publiccode.yml", dumped(VALID))})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Wärmeplaner"' in page and f'action="{create}"' in page
    assert Project.objects.count() == count
    assert client_of(personas_once, OFFICER_Y).get(url).status_code == 403
