import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client

from core.models import GlossaryEntry

GLOSSARY_MIGRATIONS = (
    ("0002_glossary_start", "add_glossary"),
    ("0003_glossary_without_generic_words", "remove_generic_words"),
)


def load_shipped_glossary():
    """The glossary the migrations ship. Transactional tests elsewhere in the run (live
    servers, browser journeys) flush every table, data migrations' rows included, so tests
    that read the glossary load it again when it is gone (the migrations' own functions,
    which skip what is there)."""
    if GlossaryEntry.objects.exists():
        return
    for module_name, function in GLOSSARY_MIGRATIONS:
        module = importlib.import_module(f"core.migrations.{module_name}")
        getattr(module, function)(apps, None)


@pytest.fixture
def shipped_glossary(db):
    load_shipped_glossary()


@pytest.fixture
def english_client(client):
    """A visitor reading the English pages (the German catalogue is written last)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def english_member_client(user):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
