"""Issue 15: what a new user stumbled over on the existing pages — numbers that contradict the
text, placeholders that read as broken, wording, narrow layouts, page descriptions, peers.
Each test asserts the wrong output the issue quotes, on the demo data where it showed."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from events.models import Event, EventQuerySet
from members.models import Network
from projects.models import Topic
from tests.factories.events import EventFactory
from tests.factories.members import MunicipalityFactory, NetworkFactory

CSS = Path(settings.BASE_DIR) / "static" / "css" / "portal.css"


@pytest.fixture
def demo(db):
    call_command("loaddata", "demo", verbosity=0)


def page(path, language="de"):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def text_of(html):
    """The visible text, one space between words (inline elements join their neighbours)."""
    html = re.sub(r"<(script|style|head)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(a|time|span|em|strong|mark|abbr)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# 1. Numbers that contradict the text


def test_population_shows_its_size_class_not_empty_brackets(demo):
    html = page(reverse("municipality_detail", args=["salzlandkreis"]))

    assert "()" not in text_of(html)
    assert "190.000 (100.000 bis 500.000" in text_of(html)


def test_size_class_label_comes_from_the_generated_field(db):
    municipality = MunicipalityFactory(population=4_000)
    municipality.refresh_from_db()

    with translation.override("en"):
        assert municipality.get_population_class_display() == "under 5,000 inhabitants"
    unknown = MunicipalityFactory(population=None)
    unknown.refresh_from_db()
    assert unknown.get_population_class_display() == ""


def test_network_page_says_what_its_count_is_and_shows_the_networks_own_total(demo):
    city_possible = text_of(page(reverse("network_detail", args=["city-possible"])))
    mpsc = text_of(page(reverse("network_detail", args=["mpsc"]), language="en"))

    assert re.search(r"Im Portal \w+ Mitglieder 10 ", city_possible)
    assert "Mitglieder laut Netzwerk mehr als 130" in city_possible
    assert "members listed in the portal 3" in mpsc.lower()
    assert "Members according to the network 73" in mpsc


def test_network_list_counts_are_labelled_as_the_portals(demo):
    text = text_of(page(reverse("members:network_list"), language="en"))

    assert "10 members listed in the portal (the network states: more than 130)" in text
    assert "3 members listed in the portal (the network states: 73)" in text


def test_stated_total_as_the_network_states_it(db):
    assert Network(stated_member_count=130).stated_member_count_display() == "130"
    more = Network(stated_member_count=1300, stated_member_count_is_minimum=True)
    with translation.override("en"):
        assert more.stated_member_count_display() == "more than 1,300"
    with translation.override("de"):
        assert more.stated_member_count_display() == "mehr als 1.300"
    assert Network().stated_member_count_display() == ""


# 2. Placeholders that read as broken


def test_an_unknown_stage_is_no_badge(demo):
    html = page(reverse("projects:project_list"))

    assert not re.search(r'class="badge">\s*Phase nicht angegeben', html)
    assert 'class="badge">Idee</span>' in html


def test_unknown_join_dates_are_muted(demo):
    html = page(reverse("network_detail", args=["city-possible"]))

    assert '<span class="unknown">unbekannt</span>' in html
    assert re.search(r"\.unknown\s*\{[^}]*color: var\(--muted\)", CSS.read_text())


def test_a_past_event_without_a_date_reads_as_past(demo):
    congress = Event.objects.get(slug="mpsc-kongress-7-kiel")

    assert congress in Event.objects.past()
    assert congress not in Event.objects.undated()
    listed = {e.slug: e.date_section for e in Event.objects.in_list_order()}
    assert listed[congress.slug] == EventQuerySet.PAST

    text = text_of(page(reverse("events:event_list")))
    past = text.split("Vergangene Veranstaltungen", 1)[1]
    assert "7. MPSC-Kongress in Kiel vergangen, Datum nicht erfasst" in past
    detail = text_of(page(congress.get_absolute_url()))
    assert "Termin noch nicht bekannt" not in detail
    found = text_of(page(reverse("search") + "?q=Kongress&kind=events"))
    assert "vergangen, Datum nicht erfasst" in found
    assert "Termin noch nicht bekannt" not in found


# 3. Wording


def test_the_sign_in_button_says_what_it_does(db):
    html = page(reverse("account_login"))

    form = html.split(f'action="{reverse("account_login")}"', 1)[1].split("</form>", 1)[0]
    buttons = re.findall(r"<button[^>]*>(.*?)</button>", form, flags=re.S)
    assert [" ".join(label.split()) for label in buttons] == ["Anmelden"]
    assert "Anmeldung" not in text_of(html)


def test_no_space_before_the_comma_after_a_date(db):
    network = NetworkFactory()
    kiel = MunicipalityFactory(name="Kiel")
    EventFactory(network=network, city=kiel, starts_on=datetime.date(2027, 3, 4))

    html = page(network.get_absolute_url())

    assert "2027</time>, Kiel" in html
    assert " , " not in text_of(html)
    dates = render_to_string("includes/_event_dates.html", {"event": Event(starts_on=None)})
    assert dates == dates.rstrip()


def test_english_pages_give_english_examples(demo):
    search = page(reverse("search") + "?q=zzzyyyxxx", language="en")
    start = page(reverse("search"), language="en")

    assert 'placeholder="e.g. Bamberg, mobility"' in search
    assert "Mobilität" not in text_of(search)
    assert "Mobilität" not in text_of(start)
    assert "Mobilitätsplattform" not in search


def test_scaling_and_transfer_in_english(demo):
    topic = Topic.objects.get(slug="verstetigung-transfer")

    assert topic.name_en == "Scaling & transfer"
    assert "Scaling &amp; transfer" in page(reverse("projects:topic_list"), language="en")


def test_the_confirmation_email_page_links_to_the_contact_page(db):
    german = page(reverse("account_email_verification_sent"))
    english = page(reverse("account_email_verification_sent"), language="en")

    main = german.split('id="main"', 1)[1].split("</main>", 1)[0]
    assert re.search(rf'<a href="{reverse("contact")}">\w+ Sie uns</a>', main)
    assert f'<a href="{reverse("contact")}">contact us</a>' in english


# 4. Layout at narrow widths (the reflow gate renders every page at 320 px)


def test_members_table_is_a_focusable_region_that_stacks_on_narrow_screens(demo):
    html = page(reverse("network_detail", args=["city-possible"]))

    assert re.search(
        r'<div class="table-wrap" role="region" tabindex="0" aria-labelledby="members-heading">'
        r'\s*<table class="stack-narrow">',
        html,
    )
    assert 'data-label="Beitritt"' in html


def test_the_stylesheet_hyphenates_and_keeps_legends_inside_their_box():
    css = CSS.read_text()

    assert re.search(r"body \{[^}]*hyphens: auto", css)
    assert re.search(r"legend \{[^}]*float: left", css)


# 5. Every page its own description, and a canonical link


def description_and_canonical(path):
    html = page(path)
    descriptions = re.findall(r'<meta name="description" content="([^"]*)"', html)
    canonicals = re.findall(r'<link rel="canonical" href="([^"]*)"', html)
    assert len(descriptions) == 1, path
    assert len(canonicals) == 1, path
    return descriptions[0], canonicals[0]


def test_every_page_type_has_its_own_description_and_a_canonical_link(demo):
    paths = [
        reverse("home"),
        reverse("members:network_list"),
        reverse("network_detail", args=["city-possible"]),
        reverse("municipality_list"),
        reverse("municipality_detail", args=["salzlandkreis"]),
        reverse("municipality_detail", args=["dublin"]),
        reverse("projects:project_list"),
        reverse("projects:project_detail", args=["salzlandkarte"]),
        reverse("projects:topic_list"),
        reverse("topic_detail", args=["mobilitaet"]),
        reverse("events:event_list"),
        reverse("events:event_detail", args=["mpsc-kongress-7-kiel"]),
        reverse("events:recap_list"),
        reverse("events:recap_detail", args=["rueckblick-7-mpsc-kongress-kiel"]),
        reverse("peers", args=["salzlandkreis"]),
        reverse("search") + "?q=Bamberg",
    ]
    found = {path: description_and_canonical(path) for path in paths}

    descriptions = [description for description, _ in found.values()]
    assert len(set(descriptions)) == len(paths), descriptions
    for path, (description, canonical) in found.items():
        assert 0 < len(description) <= 160, path
        assert canonical == settings.SITE_URL + path.split("?")[0], path
    salzlandkarte = found[reverse("projects:project_detail", args=["salzlandkarte"])][0]
    assert salzlandkarte.startswith("Elektronischer Fahrausweis für die Busse")


def test_the_canonical_link_drops_filters_but_keeps_the_page_of_a_paged_list(rf):
    from network_portal.templatetags.page_meta import canonical_url

    filtered = rf.get("/kommunen/", {"q": "a", "network": "mpsc", "page": "1"})
    paged = rf.get("/kommunen/", {"q": "a", "page": "2"})

    assert canonical_url({"request": filtered}) == settings.SITE_URL + "/kommunen/"
    assert canonical_url({"request": paged}) == settings.SITE_URL + "/kommunen/?page=2"
    # Deeper pages are reached by their keyset links; a bare page number there answers 400.
    deep = rf.get("/kommunen/", {"page": "500", "after": "x"})
    assert canonical_url({"request": deep}) == settings.SITE_URL + "/kommunen/"


def test_a_description_is_one_line_without_markup_and_cut_at_a_word():
    from network_portal.templatetags.page_meta import meta_description

    text = meta_description("**Kiel** &amp; <em>Bamberg</em>\n\n" + "Wort " * 60)

    assert text.startswith("Kiel & Bamberg Wort")
    assert len(text) <= 160 and text.endswith("…")


# 6. Peers


def test_the_peers_heading_says_what_the_reader_asked(demo):
    german = page(reverse("municipality_detail", args=["salzlandkreis"]))
    english = page(reverse("municipality_detail", args=["salzlandkreis"]), language="en")

    assert '<h2 id="peers-heading">Kommunen, die an Ähnlichem arbeiten</h2>' in german
    assert '<h2 id="peers-heading">Municipalities working on similar things</h2>' in english


def test_every_scrolling_table_is_a_named_region_the_keyboard_reaches():
    """A table that scrolls sideways on narrow screens must be reachable by keyboard and
    named (axe: scrollable-region-focusable): every .table-wrap says so in its markup."""
    import re
    from pathlib import Path

    from django.conf import settings

    wraps = [
        (path.name, tag)
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for tag in re.findall(r'<div class="table-wrap"[^>]*>', path.read_text())
    ]
    assert wraps
    for name, tag in wraps:
        assert 'role="region"' in tag and 'tabindex="0"' in tag, (name, tag)
        assert "aria-labelledby=" in tag or "aria-label=" in tag, (name, tag)


@pytest.mark.parametrize("page_value", ["9" * 4400, "²", "٣", "0", "51"])
def test_an_odd_page_number_never_breaks_the_canonical_link(client, db, page_value):
    response = client.get("/kontakt/", {"page": page_value})
    assert response.status_code == 200
    canonicals = re.findall(r'<link rel="canonical" href="([^"]*)"', response.content.decode())
    assert canonicals == [settings.SITE_URL + "/kontakt/"]
