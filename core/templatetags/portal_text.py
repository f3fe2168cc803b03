"""Filters for texts people write: {% load portal_text %}{{ project.description|markdown }}."""

from django import template

from core.markdown import render_markdown

register = template.Library()


@register.filter(is_safe=True)
def markdown(text):
    """Light Markdown rendered as sanitised HTML (core.markdown)."""
    return render_markdown(text)
