import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name", ["projects:project_list", "municipality_list", "events:event_list"]
)
def test_a_faceted_list_links_past_its_filters_to_the_results(client, url_name):
    html = client.get(reverse(url_name)).content.decode()

    assert '<a href="#results">' in html
    assert 'id="results"' in html
    assert html.index('<a href="#results">') < html.index('id="results"')
