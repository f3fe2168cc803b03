"""{% follow_button obj %}: the follow button of a topic's, network's, municipality's or
project's page. A POST form, so it works without JavaScript; a visitor's press leads to the
sign-in page and back. One query for a signed-in person, none for a visitor; none while the
page is kept for a group of people (network_portal.personal_parts: both forms are written
and the person's own is chosen when the page is served)."""

from django import template
from django.template.loader import get_template

from network_portal import personal_parts
from network_portal.following.services import is_following
from network_portal.following.views import SEGMENTS

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_button(context, target):
    request = context["request"]
    viewer = request.viewer
    button = get_template("following/_follow_button.html")
    values = {
        "csrf_token": context.get("csrf_token"),
        "kind": SEGMENTS[target._meta.model_name],
        "slug": target.slug,
        "signed_in": viewer.is_authenticated,
    }

    def render(following: bool) -> str:
        return button.render({**values, "following": following})

    if viewer.is_authenticated and personal_parts.marked(request):
        return personal_parts.follow_choice(target, render(True), render(False))
    return render(viewer.is_authenticated and is_following(request.user, target))
