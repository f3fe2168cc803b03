"""An activity in words, for the feed and the emails, in the active language."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from core import activity as kinds


@dataclass(frozen=True)
class Entry:
    label: str  # what happened ("New project")
    title: str  # what it happened to
    url: str  # where to read it (a path)
    detail: str  # one more line: the municipality, the event, who adopted it
    occurred_at: object


def describe(notice) -> Entry:
    activity = notice.activity
    label = activity.get_kind_display()
    params = activity.params or {}
    if activity.kind in (kinds.PROJECT_CREATED, kinds.PROJECT_CHANGED):
        project = activity.project
        title, url = project.title, project.get_absolute_url()
        detail = project.lead_municipality.name
    elif activity.kind == kinds.ADOPTION_RECORDED:
        project = activity.project
        title, url = project.title, project.get_absolute_url()
        detail = _("%(municipality)s adopted this project.") % {
            "municipality": params.get("municipality", "")
        }
    elif activity.kind == kinds.EVENT_PUBLISHED:
        title, url, detail = activity.event.title, activity.event.get_absolute_url(), ""
    elif activity.kind == kinds.RECAP_PUBLISHED:
        recap = activity.recap
        title, url, detail = recap.title, recap.get_absolute_url(), recap.event.title
    else:
        title, url, detail = _decision(params), reverse("members:my_requests"), ""
    return Entry(label, title, url, detail, notice.occurred_at)


def _decision(params: dict) -> str:
    names = {"m": params.get("municipality", ""), "n": params.get("network", "")}
    if params.get("request") == "officer":
        if params.get("approved"):
            return _("You are now a digital officer of %(m)s.") % names
        return _("Your request to become a digital officer of %(m)s was declined.") % names
    if params.get("approved"):
        return _("%(m)s is now a member of %(n)s.") % names
    return _("The request of %(m)s to join %(n)s was declined.") % names
