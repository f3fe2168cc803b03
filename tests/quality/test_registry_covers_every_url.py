"""Every named URL pattern has a sample in the page registry or an exemption with a reason,
so a page added later is checked by every gate the day it is added."""

from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.pages import EXEMPT, EXEMPT_NAMESPACES, LANGUAGES, PAGE_TYPES, load_all
from tests.quality.gates import build_samples


def url_patterns(resolver=None, prefix="", namespace=""):
    """(full url name or None, route, namespace) of every pattern the resolver knows."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from url_patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = None
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern), namespace


def exempt_namespace_of(namespace):
    return next(
        (ns for ns in EXEMPT_NAMESPACES if namespace == ns or namespace.startswith(ns + ":")),
        None,
    )


def test_every_url_pattern_has_a_registry_entry_or_an_exemption():
    load_all()
    missing, unnamed = [], []
    for name, route, namespace in url_patterns():
        if exempt_namespace_of(namespace):
            continue
        if name is None:
            unnamed.append(route)
        elif name not in PAGE_TYPES and name not in EXEMPT:
            missing.append(f"{name} ({route})")
    assert not unnamed, (
        "URL patterns without a name cannot be registered; give them a name: " + ", ".join(unnamed)
    )
    assert not missing, (
        "These URL patterns have no sample page in tests/pages/<app>.py (register one with "
        "@page(...), or exempt(...) it with a reason): " + ", ".join(sorted(missing))
    )


def test_registry_and_exemptions_name_only_existing_patterns():
    load_all()
    known = {name for name, _route, _ns in url_patterns() if name}
    stale = sorted((set(PAGE_TYPES) | set(EXEMPT)) - known)
    assert not stale, f"registered or exempt, but no such URL pattern: {stale}"
    overlap = sorted(set(PAGE_TYPES) & set(EXEMPT))
    assert not overlap, f"both registered and exempt: {overlap}"
    namespaces = {ns for _name, _route, ns in url_patterns() if ns}
    unused = sorted(ns for ns in EXEMPT_NAMESPACES if ns not in namespaces)
    assert not unused, f"exempt namespaces that do not exist: {unused}"


def test_the_people_facing_account_pages_are_registered_not_exempt():
    load_all()
    people_use = {
        "account_login",
        "account_signup",
        "account_logout",
        "account_reset_password",
        "account_reset_password_from_key",
        "account_email_verification_sent",
        "account_confirm_email",
        "account_change_password",
        "account_email",
        "usersessions_list",
    }
    assert people_use <= set(PAGE_TYPES)


def test_every_sample_url_resolves_to_the_pattern_it_samples(db, django_user_model):
    """A builder that returns another pattern's URL would leave its own page unchecked."""
    wrong = []
    for sample in build_samples(languages=LANGUAGES[:1]):
        match = resolve(sample.path.split("?")[0])
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        if name != sample.page_type.url_name:
            wrong.append(f"{sample.page_type.url_name} built {sample.path}, which is {name}")
    assert not wrong, wrong
