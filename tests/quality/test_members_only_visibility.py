"""A members-only project, over every read of the portal (DESIGN.md: "invisible to
everyone else: no count, no hit, 404").

In the persona world (tests/personas.py) X (in N) leads a members-only project on topic T,
with W as partner, adopted by Z, linked from a recap of N's event. Officers of X and of Z
(both in N), N's admin and organizer and staff see it: on its own page, in the lists, the
search and its counts, the facet counts, the topic's, network's and municipalities' pages,
among similar projects and in peers' shared topics. Everyone else — visitors, an account
without a link, the officer of Y (in M only), M's admin, and staff or N's admin without two
factors — finds no trace of it: its URL answers 404, and every other page is, byte for byte
(CSRF tokens aside), the page they would get if the project did not exist.
"""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from core.access import Visibility
from projects.models import Project
from tests.personas import OUTSIDE_N, REACH_N, UNLINKED, World, log_in

SEARCH_WORD = "Wärmespeicher"


def reads(world: World) -> dict[str, str]:
    """Every page that shows projects, their counts or what they add to a municipality."""
    topic = world.topic.slug

    def query(url_name, params, **kwargs):
        return reverse(url_name, kwargs=kwargs or None) + "?" + urlencode(params, doseq=True)

    return {
        "home": reverse("home"),
        "project list": reverse("projects:project_list"),
        "project list, topic facet": query("projects:project_list", {"topic": topic}),
        "project list, network facet": query("projects:project_list", {"network": world.n.slug}),
        "project list, searched": query("projects:project_list", {"q": SEARCH_WORD}),
        "search": query("search", {"q": SEARCH_WORD}),
        "search, projects only": query("search", {"q": SEARCH_WORD, "kind": "projects"}),
        "topic list": reverse("projects:topic_list"),
        "topic page": world.topic.get_absolute_url(),
        "network page": world.n.get_absolute_url(),
        "lead's page": world.x.get_absolute_url(),
        "partner's page": world.w.get_absolute_url(),
        "adopter's page": world.z.get_absolute_url(),
        "municipality list": reverse("municipality_list"),
        "municipality list, topic facet": query("municipality_list", {"topic": topic}),
        "similar projects": world.public_project.get_absolute_url(),
        "peers of the adopter": reverse("peers", kwargs={"slug": world.z.slug}),
        "peers of the adopter, by topic": query(
            "peers", {"topic": topic, "picked": "1"}, slug=world.z.slug
        ),
        "recap": world.recap.get_absolute_url(),
    }


# Where the project itself is listed (a link to it) for those who reach it.
LINKED_FROM = (
    "home",
    "project list",
    "project list, topic facet",
    "project list, network facet",
    "project list, searched",
    "search",
    "search, projects only",
    "topic page",
    "network page",
    "lead's page",
    "partner's page",
    "adopter's page",
    "similar projects",
    "recap",
)

TOKENS = re.compile(r'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"')


def normalised(response) -> str:
    return TOKENS.sub(r'\1""', response.content.decode())


def read_all(client, pages):
    return {what: client.get(path, secure=True) for what, path in pages.items()}


@pytest.mark.parametrize("name", REACH_N)
def test_those_who_reach_n_see_it_everywhere(personas_once, db, name):
    world, users = personas_once
    client = log_in(users[name])
    project = world.members_project
    pages = reads(world)

    assert client.get(project.get_absolute_url(), secure=True).status_code == 200
    seen = read_all(client, pages)
    Project.objects.filter(pk=project.pk).delete()
    unseen = read_all(client, pages)

    problems = []
    for what, response in seen.items():
        if response.status_code != 200:
            problems.append(f"{what}: status {response.status_code}")
        elif normalised(response) == normalised(unseen[what]):
            problems.append(f"{what}: shows nothing of it")
        elif what in LINKED_FROM and f'href="{project.get_absolute_url()}"' not in normalised(
            response
        ):
            problems.append(f"{what}: no link to it")
    assert not problems, f"{name} should see the members-only project:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", OUTSIDE_N)
def test_everyone_else_finds_no_trace_of_it(personas_once, db, name):
    world, users = personas_once
    client = log_in(users[name])
    project = world.members_project
    pages = reads(world)

    assert client.get(project.get_absolute_url(), secure=True).status_code == 404
    seen = read_all(client, pages)
    Project.objects.filter(pk=project.pk).delete()
    unseen = read_all(client, pages)

    problems = []
    for what, response in seen.items():
        if response.status_code != unseen[what].status_code:
            problems.append(
                f"{what}: status {response.status_code}, else {unseen[what].status_code}"
            )
        elif normalised(response) != normalised(unseen[what]):
            problems.append(f"{what}: differs from the page without the project")
        if project.title in response.content.decode():
            problems.append(f"{what}: names it")
    assert not problems, f"{name} must find no trace of it:\n" + "\n".join(problems)


def test_every_compared_page_would_show_the_project_if_it_were_public(personas_once, db):
    """Guards the test: each page compared above depends on the project once one may see
    it, so "the same page as without it" proves that it leaves no trace."""
    world, users = personas_once
    client = log_in(users[UNLINKED])
    project = world.members_project
    pages = reads(world)
    Project.objects.filter(pk=project.pk).update(visibility=Visibility.PUBLIC)

    public = read_all(client, pages)
    Project.objects.filter(pk=project.pk).delete()
    gone = read_all(client, pages)

    same = [what for what in pages if normalised(public[what]) == normalised(gone[what])]
    assert not same, f"pages that do not depend on the project: {same}"
