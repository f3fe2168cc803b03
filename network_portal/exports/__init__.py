"""Open interfaces for people's programs (issue 13): CSV of every list, iCalendar of events,
Atom feeds of new projects and recaps, the sitemap and robots.txt.

Each reads through the one access rule (core.access): CSV as the person who asks (a member's
export holds what they may see), calendars, feeds and the sitemap always as a visitor, so a
cached or shared copy never carries anything members-only. Nothing here exports a person's
contact data. Anonymous downloads are rate-limited per client address (guard.py).
"""
