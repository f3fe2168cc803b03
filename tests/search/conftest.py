import pytest
from django.conf import settings
from django.test import Client


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
