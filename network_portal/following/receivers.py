"""Writes an Activity for every core.activity signal, inside the sender's transaction, and
fans each transaction's entries out together after it commits (one batch: one message per
person for a bulk import or a batch of edits)."""

import uuid

from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from core import activity as kinds
from events.models import Event, Recap
from members.models import Membership, Officer
from network_portal import personal_parts
from network_portal.following.models import Activity, Follow
from projects.models import Adoption, Project


def _ids(queryset, field="pk") -> list[int]:
    return sorted(set(queryset.values_list(field, flat=True)))


def _project_scope(project: Project) -> dict:
    lead = project.lead_municipality_id
    return {
        "project": project,
        "project_ids": [project.pk],
        "topic_ids": _ids(project.topics),
        "municipality_ids": sorted({lead, *_ids(project.partner_municipalities)}),
        "network_ids": _ids(Membership.objects.active().filter(municipality_id=lead), "network_id"),
    }


def _event_scope(event: Event) -> dict:
    return {
        "event": event,
        "network_ids": [event.network_id],
        "municipality_ids": [event.city_id] if event.city_id else [],
    }


def _recap_scope(recap: Recap) -> dict:
    event = recap.event
    return {
        "recap": recap,
        "network_ids": [event.network_id],
        "topic_ids": _ids(recap.topics),
        "project_ids": _ids(recap.projects),
        "municipality_ids": sorted(
            {*_ids(recap.municipalities), *([event.city_id] if event.city_id else [])}
        ),
    }


def _adoption_scope(adoption: Adoption) -> dict:
    project = adoption.project
    return {
        "project": project,
        "project_ids": [project.pk],
        "municipality_ids": sorted({project.lead_municipality_id, adoption.municipality_id}),
        # The lead municipality's officers hear of it whether or not they follow anything.
        "recipients": _ids(
            Officer.objects.approved().filter(municipality_id=project.lead_municipality_id),
            "user_id",
        ),
        "params": {"municipality": adoption.municipality.name},
    }


def _decision_scope(request) -> dict:
    """An officer link (Officer) or a network membership (Membership) that was decided."""
    if isinstance(request, Officer):
        return {
            "recipients": [request.user_id],
            "params": {
                "request": "officer",
                "approved": request.status == Officer.Status.APPROVED,
                "municipality": request.municipality.name,
            },
        }
    return {
        "recipients": [request.requested_by_id] if request.requested_by_id else [],
        "params": {
            "request": "membership",
            "approved": request.status == Membership.Status.ACTIVE,
            "municipality": request.municipality.name,
            "network": request.network.name,
        },
    }


SCOPES = {
    kinds.PROJECT_CREATED: _project_scope,
    kinds.PROJECT_CHANGED: _project_scope,
    kinds.EVENT_PUBLISHED: _event_scope,
    kinds.RECAP_PUBLISHED: _recap_scope,
    kinds.ADOPTION_RECORDED: _adoption_scope,
    kinds.REQUEST_DECIDED: _decision_scope,
}


@receiver(kinds.activity)
def activity_write(sender, *, kind, obj, actor=None, occurred_at=None, **kwargs):
    if kind == kinds.RECAP_PUBLISHED and not Recap.objects.published().filter(pk=obj.pk).exists():
        # Scheduled (or of an unpublished event): announce_recaps tells its followers
        # once it is visible; visibility itself stays the query-time filter.
        return None
    return record_activity(kind, obj=obj, actor=actor, occurred_at=occurred_at)


def record_activity(kind, *, obj, actor=None, occurred_at=None) -> Activity | None:
    state = _pending()
    entry = Activity(
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        occurred_at=occurred_at or timezone.now(),
        batch=state["batch"],
        **SCOPES[kind](obj),
    )
    if kind == kinds.RECAP_PUBLISHED:
        # Told once: a second publication (or the periodic task at the same time) adds none.
        if Activity.objects.filter(kind=kind, recap=obj).exists():
            return None
        try:
            with transaction.atomic():  # a savepoint: the constraint decides a race
                entry.save()
        except IntegrityError:
            return None
    else:
        entry.save()
    _fan_out_on_commit(state, entry)
    return entry


# One batch per transaction: the entries of one import or one form go out together.
def _pending() -> dict:
    """This transaction's batch: its id and the entries to fan out once it commits. A new
    one when the last was fanned out, rolled back with a savepoint, or outside a transaction."""
    state = getattr(connection, "_following_pending", None)
    if (
        not connection.in_atomic_block
        or state is None
        or state["done"]
        or not any(item[1] is state["callback"] for item in connection.run_on_commit)
    ):
        state = {"batch": uuid.uuid4(), "ids": [], "done": False}

        def callback():
            from network_portal.following.tasks import fan_out

            state["done"] = True
            fan_out.delay(list(state["ids"]))

        state["callback"] = callback
        state["registered"] = False
        if connection.in_atomic_block:
            connection._following_pending = state
    return state


def _fan_out_on_commit(state: dict, entry: Activity) -> None:
    state["ids"].append(entry.pk)
    if not state["registered"]:
        state["registered"] = True
        transaction.on_commit(state["callback"])  # at once outside a transaction


@receiver(post_save, sender=Follow, dispatch_uid="following_follows_saved")
@receiver(post_delete, sender=Follow, dispatch_uid="following_follows_deleted")
def follows_written(sender, instance, **kwargs) -> None:
    # Kept pages choose a person's follow buttons from their kept follows (personal_parts).
    personal_parts.forget_follows(instance.user_id)
