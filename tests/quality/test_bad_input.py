"""Bad input never breaks a page: odd query strings, huge and negative page numbers, wrong
types, NUL bytes, overlong values, unicode oddities and made-up ids and slugs in the path,
thrown at every registered page by both personas; junk posted to every public form. The
answer is a page or a clear 4xx in the portal's layout, never a 500, and no data changes."""

from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.pages import PAGE_TYPES, load_all
from tests.quality.gates import grant_reach, make_users, paths_for

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    database=None,  # no .hypothesis folder in the shared working tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Tables that legitimately change while pages are read. exports_calendarquery: the short
# calendar address of a filtered event list is stored the first time the list shows it (one
# row per distinct set of valid facet values, none for free text; it changes no page).
VOLATILE_TABLES = (
    "django_session",
    "usersessions_usersession",
    "portal_cache",
    "account_",
    "exports_calendarquery",
)

ODD_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "\u202e",
            "\ufeff",
            "e\u0301",
            "𝕏",
            "🏙️",
            "\ud7ff",
            "'; DROP TABLE x;--",
            "<script>",
            "%",
            "%zz",
            "..",
            "../../etc/passwd",
            " ",
            "\t\n",
            "NaN",
            "-0",
            "1e309",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.builds(
        lambda char, n: char * n, st.sampled_from(["a", "ä", "9", "%"]), st.integers(1000, 6000)
    ),
)
PARAM_NAMES = st.one_of(
    st.sampled_from(
        [
            "page",
            "q",
            "sort",
            "order",
            "per_page",
            "topic",
            "network",
            "country",
            "state",
            "year",
            "status",
            "stage",
            "kind",
            "format",
            "next",
            "open_source",
            "population",
            "id",
            "slug",
            "page[]",
            "__proto__",
        ]
    ),
    st.text(min_size=1, max_size=12),
)
QUERIES = st.one_of(
    st.lists(st.tuples(PARAM_NAMES, ODD_TEXT), max_size=4).map(
        lambda pairs: urlencode(pairs, quote_via=quote)
    ),
    st.sampled_from(
        [
            "page=-1",
            "page=0",
            "page=99999999999999999999999",
            "page=1.5",
            "page=last",
            "page=%00",
            "q=%ff%fe",
            "%C0%AF=1",
            "a=%",
            "&&&==&",
            "page=1&page=2",
            "q=" + "x" * 5000,
        ]
    ),
)


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [row[0] for row in cursor.fetchall() if not row[0].startswith(VOLATILE_TABLES)]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (catalog names)
            counts[table] = cursor.fetchone()[0]
    return counts


def assert_handled(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"
    is_html = response.get("Content-Type", "").startswith("text/html")
    if 400 <= response.status_code < 500 and response.status_code != 405 and is_html:
        assert b'<main id="main"' in response.content, f"{what}: a bare {response.status_code}"


def clients_for(page_type, users):
    clients = {}
    for persona in page_type.personas:
        client = Client()
        if users[persona] is not None:
            client.force_login(users[persona])
        clients[persona] = (client, users[persona])
    return clients


def path_variants(path):
    """Strategy of the sample's path with its URL arguments replaced by made-up values."""
    match = resolve(urlsplit(path).path)
    if not match.kwargs:
        return st.just(path)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name

    def rebuild(values):
        kwargs = dict(zip(match.kwargs, values, strict=True))
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:  # the value does not fit the converter: the URL cannot exist
            return path

    made_up = st.one_of(
        st.from_regex(r"[a-z0-9-]{1,60}", fullmatch=True),
        st.integers(min_value=0, max_value=10**30).map(str),
        st.uuids().map(str),
        st.text(min_size=1, max_size=30),
    )
    return st.lists(made_up, min_size=len(match.kwargs), max_size=len(match.kwargs)).map(rebuild)


@pytest.mark.parametrize("url_name", sorted(load_all()))
def test_odd_query_strings_and_made_up_ids_never_break_a_page(url_name, db):
    page_type = PAGE_TYPES[url_name]
    users = make_users(page_type.personas)
    clients = clients_for(page_type, users)
    paths = paths_for(page_type, users)
    grant_reach(users)
    before = table_counts()

    @EXAMPLES
    @given(query=QUERIES, persona=st.sampled_from(sorted(clients)), data=st.data())
    def check(query, persona, data):
        client, _user = clients[persona]
        path = data.draw(path_variants(paths[persona]))
        url = f"{urlsplit(path).path}?{query}"
        response = client.get(url, secure=True)
        assert_handled(response, f"GET {url} as {persona}")

    check()
    assert table_counts() == before, "reading pages changed data"


FORMS = {
    "account_login": ["login", "password", "remember", "next"],
    "account_signup": ["email", "password1", "password2", "next"],
    "account_reset_password": ["email"],
    "set_language": ["language", "next"],
}


@pytest.mark.parametrize("url_name", sorted(FORMS))
def test_junk_posted_to_a_public_form_never_breaks_it(url_name, db, settings_rate_limits_off):
    users = get_user_model().objects.count()
    client = Client()

    @EXAMPLES
    @given(
        data=st.dictionaries(
            st.one_of(st.sampled_from(FORMS[url_name]), st.text(max_size=10)), ODD_TEXT, max_size=6
        )
    )
    def check(data):
        response = client.post(reverse(url_name), data, secure=True)
        assert_handled(response, f"POST {url_name} {data!r:.200}")
        if url_name != "account_signup" or response.status_code != 302:
            assert get_user_model().objects.count() == users, "junk created an account"
        assert "_auth_user_id" not in client.session, "junk signed somebody in"

    check()


@pytest.fixture
def settings_rate_limits_off(settings):
    """The rate limits are tested elsewhere; here they would turn every later example into
    a 429 and hide what the form does with the junk."""
    settings.ACCOUNT_RATE_LIMITS = False
