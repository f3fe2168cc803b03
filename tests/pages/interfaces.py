"""The open interfaces (network_portal/exports/): files and feeds for programs, not HTML pages.
Their content, access and headers are tested in tests/interfaces/; the permission matrix
(tests/quality/matrix_rows/interfaces.py) checks who gets what. The links to them sit on the
list and detail pages, which the gates check as registered in the apps' modules."""

from tests.pages import exempt

CSV = "a CSV file (text/csv), not HTML: tested in tests/interfaces/test_csv.py"
ICS = "an iCalendar file (text/calendar), not HTML: tested in tests/interfaces/test_ical.py"
ATOM = "an Atom feed (XML), not HTML: tested in tests/interfaces/test_feeds.py"
SITEMAP = (
    "XML or plain text for search engines, not HTML: tested in tests/interfaces/test_sitemap.py"
)

for name in (
    "projects_csv",
    "municipalities_csv",
    "events_csv",
    "recaps_csv",
    "networks_csv",
    "topics_csv",
):
    exempt(f"exports:{name}", CSV)
for name in ("events_ics", "event_ics", "network_ics", "topic_ics", "calendar_ics"):
    exempt(f"exports:{name}", ICS)
for name in (
    "projects_feed",
    "topic_projects_feed",
    "network_projects_feed",
    "municipality_projects_feed",
    "recaps_feed",
):
    exempt(f"exports:{name}", ATOM)
for name in ("sitemap", "sitemap_section", "robots_txt"):
    exempt(f"exports:{name}", SITEMAP)
