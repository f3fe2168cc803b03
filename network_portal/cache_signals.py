"""Every write to the portal's content drops the cached facet counts and similar projects
(core.cached): saving or deleting a row of members, projects or events, or changing one of
their many-to-many links. Bulk writes, which send no signals, call
core.cached.content_changed() themselves (members.services.imports).

A save that changed only the row's prose_fields (core.cached.KnowsWhatChanged), a history
record and an account's email leave the counts and rankings (the facts generation) alone."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from simple_history.models import HistoricalChanges

from core.cached import content_changed, only_prose_changed

# network_portal: the featured projects a network page shows.
CONTENT_APPS = frozenset({"members", "projects", "events", "network_portal"})
M2M_WRITES = frozenset({"post_add", "post_remove", "post_clear"})


def content_saved(sender, instance, update_fields=None, **kwargs) -> None:
    content_changed(facts=not only_prose_changed(instance, update_fields))


def content_deleted(sender, **kwargs) -> None:
    content_changed()


def history_written(sender, **kwargs) -> None:
    # The version history is shown on pages; no count or ranking reads it.
    content_changed(facts=False)


def account_written(sender, update_fields=None, **kwargs) -> None:
    # The network workspace names officers and role holders by their email address; a
    # sign-in's last_login update changes nothing a page shows.
    if update_fields is None or "email" in update_fields:
        content_changed(facts=False)


def links_written(sender, action, **kwargs) -> None:
    # `sender` is the link table, an auto-created model of the app that declares the field.
    if action in M2M_WRITES and sender._meta.app_label in CONTENT_APPS:
        content_changed()


def connect() -> None:
    # Per model, not for every sender: a post_delete receiver for all models would keep
    # Django from deleting any row in bulk (sessions, links) without loading it first.
    for label in sorted(CONTENT_APPS):
        for model in apps.get_app_config(label).get_models():
            uid = f"portal_cache_{model._meta.label_lower}"
            if issubclass(model, HistoricalChanges):
                post_save.connect(history_written, sender=model, dispatch_uid=f"{uid}_save")
                post_delete.connect(history_written, sender=model, dispatch_uid=f"{uid}_delete")
                continue
            post_save.connect(content_saved, sender=model, dispatch_uid=f"{uid}_save")
            post_delete.connect(content_deleted, sender=model, dispatch_uid=f"{uid}_delete")
    m2m_changed.connect(links_written, dispatch_uid="portal_cache_links")
    post_save.connect(account_written, sender=get_user_model(), dispatch_uid="portal_cache_account")
