import pytest
from django.conf import settings


@pytest.fixture
def english_client(client):
    """A visitor reading the English pages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
