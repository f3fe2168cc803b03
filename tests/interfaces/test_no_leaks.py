"""No contact data and no members-only item reaches a visitor through any of the downloads,
calendars, feeds, the sitemap or the DCAT catalogue — not even the first bytes of one
(STYLE §0b)."""

import re

from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.urls import reverse

from network_portal.exports.ical import subscription_path
from tests.interfaces.conftest import SECRET_EMAIL, SECRET_PHONE, body

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
UID = re.compile(r"UID:event-\d+@\S+")


def every_interface(data, client):
    world = data.world
    slug = lambda name, obj: reverse(f"exports:{name}", kwargs={"slug": obj.slug})  # noqa: E731
    urls = [
        *(
            reverse(f"exports:{name}_csv") + query
            for name in ("projects", "municipalities", "events", "recaps", "networks", "topics")
            for query in ("", "?sep=semicolon")
        ),
        reverse("exports:projects_csv") + f"?topic={world.topic.slug}&network={world.n.slug}",
        reverse("exports:events_ics"),
        slug("event_ics", world.event),
        slug("network_ics", world.n),
        slug("topic_ics", world.topic),
        subscription_path(QueryDict(f"network={world.n.slug}")),
        reverse("exports:projects_feed"),
        reverse("exports:recaps_feed"),
        slug("topic_projects_feed", world.topic),
        slug("network_projects_feed", world.n),
        *(slug("municipality_projects_feed", place) for place in (world.x, world.z, world.w)),
        reverse("exports:sitemap"),
        *(
            reverse("exports:sitemap_section", kwargs={"section": section})
            for section in ("seiten", "projekte", "kommunen", "netzwerke", "themen")
        ),
        reverse("exports:sitemap_section", kwargs={"section": "veranstaltungen"}),
        reverse("exports:sitemap_section", kwargs={"section": "rueckblicke"}),
        reverse("exports:robots_txt"),
        *(reverse(f"exports:catalogue_{fmt}") for fmt in ("rdf", "ttl", "jsonld")),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, body(response).decode("utf-8")


def test_no_contact_data_and_no_members_only_item_reaches_a_visitor(data, visitor_client):
    world = data.world
    secrets = {
        world.members_project.title,
        world.members_project.slug,
        world.members_project.summary,
        data.draft_event.title,
        data.draft_event.slug,
        world.draft_recap.title,
        world.draft_recap.slug,
        data.scheduled_recap.title,
        data.scheduled_recap.slug,
        SECRET_EMAIL,
        SECRET_PHONE,
        data.contact.name,
        *get_user_model().objects.values_list("email", flat=True),
    }
    seen = []
    for url, text in every_interface(data, visitor_client):
        seen.append(url)
        leaked = [secret for secret in secrets if secret and secret in text]
        assert not leaked, f"{url} shows {leaked}"
        # No address of anyone: the only "@" is in the calendars' entry ids (event-1@host).
        assert not EMAIL.findall(UID.sub("", text)), f"{url} shows an email address"
    assert len(seen) == 37


def test_the_check_would_see_a_members_only_item(data, officer_client):
    """The same reading finds the members-only project where the officer may see it (the
    CSV reads as the viewer), so the test above looks where a leak would show."""
    texts = dict(every_interface(data, officer_client))
    assert data.world.members_project.title in texts[reverse("exports:projects_csv")]
