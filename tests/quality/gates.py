"""Shared helpers of the quality gates: build every registered sample and fetch it as a
persona in a language."""

from dataclasses import dataclass

from django.conf import settings
from django.test import Client

from tests.factories.accounts import UserFactory
from tests.pages import LANGUAGES, MEMBER, PAGE_TYPES, PageType, load_all


@dataclass(frozen=True)
class Sample:
    page_type: PageType
    persona: str
    language: str
    path: str
    user: object = None  # the signed-in member, None for a visitor

    @property
    def label(self) -> str:
        return f"{self.page_type.url_name} [{self.persona}, {self.language}] {self.path}"

    @property
    def slug(self) -> str:
        """A file-name-safe name for saved copies of the page."""
        name = self.page_type.url_name.replace(":", "--")
        return f"{name}__{self.persona}__{self.language}"


def make_member():
    """The signed-in persona: a person with a verified address."""
    return UserFactory()


def paths_for(page_type: PageType, member) -> dict[str, str]:
    """persona -> sample path. A builder runs once per persona only if it takes `user`;
    otherwise once, and both personas share its data (builders need not be re-runnable)."""
    if page_type.per_persona:
        return {
            persona: page_type.path_for(member if persona == MEMBER else None)
            for persona in page_type.personas
        }
    path = page_type.path_for(None)
    return dict.fromkeys(page_type.personas, path)


def build_samples(*, languages=LANGUAGES, html_only=False, member=None) -> list[Sample]:
    """Every registered (page type, persona, language), its builder run as paths_for says."""
    load_all()
    member = member or make_member()
    samples = []
    for url_name in sorted(PAGE_TYPES):
        page_type = PAGE_TYPES[url_name]
        if html_only and not page_type.html:
            continue
        for persona, path in paths_for(page_type, member).items():
            user = member if persona == MEMBER else None
            for language in languages:
                samples.append(Sample(page_type, persona, language, path, user))
    return samples


def client_for(sample: Sample, clients: dict | None = None) -> Client:
    """A test client signed in as the sample's persona, speaking its language."""
    key = (sample.persona, sample.language)
    if clients is not None and key in clients:
        return clients[key]
    client = Client()
    if sample.user is not None:
        client.force_login(sample.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = sample.language
    if clients is not None:
        clients[key] = client
    return client


def fetch(sample: Sample, clients: dict | None = None, *, follow: bool | None = None):
    """GET the sample over HTTPS (production redirects plain HTTP) as its persona,
    following redirects if its page type says so (or `follow` overrides it)."""
    client = client_for(sample, clients)
    follow = sample.page_type.follow if follow is None else follow
    return client.get(sample.path, secure=True, follow=follow)


class PageRaised(Exception):
    """A view raised instead of answering; the gates report it as that page's problem."""


def fetch_checked(sample: Sample, clients: dict | None = None, *, follow: bool | None = None):
    """fetch(), but an exception in the view becomes PageRaised naming the sample."""
    try:
        return fetch(sample, clients, follow=follow)
    except Exception as error:  # noqa: BLE001 - any error is that page's failure
        raise PageRaised(f"{sample.label}: raised {type(error).__name__}: {error}") from error
