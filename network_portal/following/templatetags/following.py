"""{% follow_button obj %}: the follow button of a topic's, network's, municipality's or
project's page. A POST form, so it works without JavaScript; a visitor's press leads to the
sign-in page and back. One query for a signed-in person, none for a visitor."""

from django import template

from network_portal.following.services import is_following
from network_portal.following.views import SEGMENTS

register = template.Library()


@register.inclusion_tag("following/_follow_button.html", takes_context=True)
def follow_button(context, target):
    request = context["request"]
    viewer = request.viewer
    return {
        "csrf_token": context.get("csrf_token"),
        "kind": SEGMENTS[target._meta.model_name],
        "slug": target.slug,
        "following": viewer.is_authenticated and is_following(request.user, target),
        "signed_in": viewer.is_authenticated,
    }
