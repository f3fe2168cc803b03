from django.db import DatabaseError
from django.urls import reverse


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, db, monkeypatch):
    class UnreachableDatabase:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr("network_portal.views.connection", UnreachableDatabase())

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_healthz_refuses_writes(client, db):
    assert client.post(reverse("healthz")).status_code == 405
