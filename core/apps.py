from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor (STYLE §0): shared helpers that know no app. An app only so that its
    template filters ({% load portal_text %}) are found."""

    name = "core"
    verbose_name = "Core"
