from django import template

from network_portal.following.describe import describe as describe_notice

register = template.Library()


@register.simple_tag
def describe(notice):
    """{% describe notice as entry %}: the notice in words, in the active language."""
    return describe_notice(notice)
