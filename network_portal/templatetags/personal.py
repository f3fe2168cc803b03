"""{% signed_in_email as email %}: the signed-in person's address for the footer, or its
mark while the page is kept for their group (network_portal.personal_parts)."""

from django import template

from network_portal import personal_parts

register = template.Library()


@register.simple_tag(takes_context=True)
def signed_in_email(context):
    return personal_parts.email_part(context["request"])
