"""Peers of a municipality: who else works on the same topics, at a similar size, of the same
kind, in the same networks and nearby — ranked in one SQL query, each with the reason in words.

The order is lexicographic, not a weighted sum, so that no amount of the later criteria can
outweigh an earlier one (issue 12, point 4): shared topics first (a shared network alone
never ranks a place above one that shares a topic), then the same size class, the same kind
(city, district, …), the same rural/urban type, then the number of shared networks and last
the distance between the coordinates. "In my region" narrows the peers to a radius.
"""

from dataclasses import dataclass, field

from django import forms
from django.db import connection
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe

from core.access import Viewer, Visibility
from core.cached import cached
from core.kept import kept_part
from members.models import Membership, Municipality, Network
from projects.models import MunicipalityTopic, Project, Topic

PEER_LIMIT = 20
# The radii "in my region" offers, in kilometres (the form's choices; the default is none).
REGION_RADII = (50, 150, 500)
EARTH_RADIUS_KM = 6371.0

# Shared topics come from the topic profiles (projects.MunicipalityTopic, kept current by
# triggers), so the ranking reads one row per municipality and topic, not every project.
# The profile keeps public counts; the members-only projects a viewer may see (those led by
# members of the networks they reach) are added per request, for the asked topics only.
# Candidates are the places sharing an asked topic or an active network (both found through
# indexes on topic and network); size, kind, type and distance are computed for those only.
PEERS_SQL = """
WITH visible_profile AS (
    SELECT municipality_id, topic_id FROM {profile}
    WHERE topic_id = ANY(%(topic_ids)s) {public_only}
    {members_only}
),
by_topic AS (
    SELECT municipality_id, count(*) AS shared_topic_count,
           array_agg(topic_id) AS shared_topic_ids
    FROM visible_profile
    GROUP BY municipality_id
),
by_network AS (
    SELECT theirs.municipality_id, array_agg(theirs.network_id) AS shared_network_ids
    FROM {membership} theirs
    JOIN {membership} ours ON ours.network_id = theirs.network_id
    WHERE ours.municipality_id = %(municipality)s
      AND ours.status = %(active)s AND theirs.status = %(active)s
    GROUP BY theirs.municipality_id
),
scored AS (
    SELECT COALESCE(t.municipality_id, n.municipality_id) AS municipality_id,
           COALESCE(t.shared_topic_count, 0) AS shared_topic_count,
           COALESCE(t.shared_topic_ids, '{{}}') AS shared_topic_ids,
           COALESCE(n.shared_network_ids, '{{}}') AS shared_network_ids
    FROM by_topic t
    FULL OUTER JOIN by_network n ON n.municipality_id = t.municipality_id
),
ranked AS (
    SELECT m.id, m.name, m.name_en, m.slug, m.kind, m.country, m.state, m.population,
           m.population_class, m.settlement_type, m.latitude, m.longitude,
           s.shared_network_ids, s.shared_topic_count, s.shared_topic_ids,
           (m.population_class <> '' AND m.population_class = %(population_class)s)
               AS similar_size,
           (m.kind = %(kind)s) AS same_kind,
           (m.settlement_type <> '' AND m.settlement_type = %(settlement_type)s)
               AS same_settlement,
           -- Great-circle distance (haversine); NULL when either place has no coordinates
           -- (least() would turn a NULL into 1.0, so the CASE comes first).
           CASE WHEN m.latitude IS NULL OR m.longitude IS NULL
                     OR %(latitude)s::float IS NULL OR %(longitude)s::float IS NULL
                THEN NULL
                ELSE {earth_radius} * 2 * asin(sqrt(least(1.0,
                    power(sin(radians(m.latitude - %(latitude)s::float) / 2), 2)
                    + cos(radians(%(latitude)s::float)) * cos(radians(m.latitude))
                      * power(sin(radians(m.longitude - %(longitude)s::float) / 2), 2)
                )))
           END AS distance_km
    FROM scored s
    JOIN {municipality} m ON m.id = s.municipality_id
    WHERE m.id <> %(municipality)s
)
SELECT r.id, r.shared_topic_ids, r.shared_network_ids, r.similar_size, r.same_kind,
       r.same_settlement, r.distance_km
FROM ranked r
WHERE %(radius)s::float IS NULL OR r.distance_km <= %(radius)s::float
ORDER BY r.shared_topic_count DESC, r.similar_size DESC, r.same_kind DESC,
         r.same_settlement DESC, cardinality(r.shared_network_ids) DESC,
         r.distance_km ASC NULLS LAST, r.name, r.id
LIMIT %(limit)s
"""


# A members-only project counts for its lead and its partners on each of its topics.
MEMBERS_ONLY_SQL = """
    UNION
    SELECT participant.municipality_id, link.topic_id
    FROM {project} p
    JOIN {project_topic} link ON link.project_id = p.id
    CROSS JOIN LATERAL (
        SELECT p.lead_municipality_id AS municipality_id
        UNION ALL
        SELECT partner.municipality_id FROM {partner} partner WHERE partner.project_id = p.id
    ) participant
    WHERE p.visibility = %(members_only)s AND link.topic_id = ANY(%(topic_ids)s)
      {lead_reached}
"""
LEAD_REACHED_SQL = """AND p.lead_municipality_id IN (
        SELECT municipality_id FROM {membership}
        WHERE status = %(active)s AND network_id = ANY(%(networks_reached)s)
    )"""


def kind_phrase(kind: str) -> str:
    return {
        Municipality.Kind.CITY: _("also a city"),
        Municipality.Kind.DISTRICT: _("also a district"),
        Municipality.Kind.MUNICIPALITY: _("also a municipality"),
        Municipality.Kind.REGION: _("also a region"),
    }.get(kind, "")


def settlement_phrase(settlement_type: str) -> str:
    return {
        Municipality.SettlementType.RURAL: _("also rural"),
        Municipality.SettlementType.URBAN: _("also urban"),
    }.get(settlement_type, "")


@dataclass
class Peer:
    municipality: Municipality
    shared_topics: list = field(default_factory=list)
    shared_networks: list = field(default_factory=list)
    similar_size: bool = False
    same_kind: bool = False
    same_settlement: bool = False
    distance_km: float | None = None

    @property
    def reason(self) -> str:
        """ "3 shared topics: Datenplattformen, KI, Mobilität; similar size; also a city;
        also urban; both in MPSC; 120 km away" — in the order the ranking weighs them."""
        parts = []
        if self.shared_topics:
            count = len(self.shared_topics)
            names = ", ".join(
                topic.name for topic in sorted(self.shared_topics, key=topic_sort_key)
            )
            parts.append(
                ngettext(
                    "%(count)d shared topic: %(names)s",
                    "%(count)d shared topics: %(names)s",
                    count,
                )
                % {"count": count, "names": names}
            )
        if self.similar_size:
            parts.append(_("similar size"))
        if self.same_kind:
            parts.append(kind_phrase(self.municipality.kind))
        if self.same_settlement:
            parts.append(settlement_phrase(self.municipality.settlement_type))
        if self.shared_networks:
            names = ", ".join(
                network.short_name or network.in_reader_language("name").text
                for network in self.shared_networks
            )
            parts.append(_("both in %(networks)s") % {"networks": names})
        if self.distance_km is not None:
            parts.append(_("%(distance)s km away") % {"distance": round(self.distance_km)})
        return "; ".join(part for part in parts if part)


def topics_of(municipality: Municipality, viewer: Viewer):
    """Topics of the projects `municipality` leads or partners in that `viewer` may see."""
    profile = MunicipalityTopic.objects.visible_to(viewer).filter(municipality=municipality)
    return Topic.objects.filter(pk__in=profile.values("topic"))


def members_only_sql(viewer: Viewer) -> str:
    """The members-only part of the visible profile: all of it for staff, the projects led
    in the networks the viewer reaches for members, nothing for anyone else."""
    if viewer.sees_everything or not viewer.networks_reached:
        return ""
    return MEMBERS_ONLY_SQL.format(
        project=Project._meta.db_table,
        project_topic=Project.topics.through._meta.db_table,
        partner=Project.partner_municipalities.through._meta.db_table,
        lead_reached=LEAD_REACHED_SQL.format(membership=Membership._meta.db_table),
    )


def has_coordinates(municipality: Municipality) -> bool:
    return municipality.latitude is not None and municipality.longitude is not None


def rank_peers(
    municipality: Municipality,
    *,
    topics,
    viewer: Viewer,
    limit: int = PEER_LIMIT,
    within_km: int | None = None,
):
    """Other municipalities sharing any of `topics` (through projects `viewer` may see) or
    an active network with `municipality`, best first; with `within_km` only those at most
    that far away (none when `municipality` has no coordinates).

    The ranking reads every place sharing a topic (for a large place, nearly all of them),
    so it is computed once per group of viewers who see the same rows and content
    generation (core.cached: any write, e.g. a new project or a changed population, makes
    it anew); each request then reads the ranked places by primary key."""
    if within_km is not None and not has_coordinates(municipality):
        return []
    topics_by_id = {topic.pk: topic for topic in topics}
    parts = (municipality.pk, sorted(topics_by_id), within_km, limit)
    ranking = cached(
        "peers",
        viewer,
        parts,
        lambda: ranked_peers(
            municipality, topic_ids=list(topics_by_id), viewer=viewer, limit=limit,
            within_km=within_km,
        ),
        facts=True,
    )  # fmt: skip
    places = Municipality.objects.in_bulk([row.municipality_id for row in ranking])
    network_ids = {pk for row in ranking for pk in row.shared_network_ids}
    networks = Network.objects.in_bulk(network_ids) if network_ids else {}
    return [
        Peer(
            municipality=places[row.municipality_id],
            shared_topics=[topics_by_id[pk] for pk in row.shared_topic_ids],
            shared_networks=[networks[pk] for pk in sorted(row.shared_network_ids)],
            similar_size=row.similar_size,
            same_kind=row.same_kind,
            same_settlement=row.same_settlement,
            distance_km=row.distance_km,
        )
        for row in ranking
        if row.municipality_id in places  # deleted since: gone from the next ranking
    ]


@dataclass(frozen=True)
class RankedPeer:
    """One place of a ranking, as ids and flags (what core.cached keeps)."""

    municipality_id: int
    shared_topic_ids: tuple[int, ...]
    shared_network_ids: tuple[int, ...]
    similar_size: bool
    same_kind: bool
    same_settlement: bool
    distance_km: float | None


def ranked_peers(
    municipality: Municipality, *, topic_ids, viewer: Viewer, limit: int, within_km
) -> list[RankedPeer]:
    """The ranking itself: one query, however many places match."""
    sql = PEERS_SQL.format(
        profile=MunicipalityTopic._meta.db_table,
        membership=Membership._meta.db_table,
        municipality=Municipality._meta.db_table,
        # Staff see every project: every profile row counts one.
        public_only="" if viewer.sees_everything else "AND public_project_count > 0",
        members_only=members_only_sql(viewer),
        earth_radius=EARTH_RADIUS_KM,
    )
    params = {
        "topic_ids": topic_ids,
        "municipality": municipality.pk,
        "active": Membership.Status.ACTIVE,
        "population_class": municipality.population_class or "",
        "kind": municipality.kind,
        "settlement_type": municipality.settlement_type or "",
        "latitude": municipality.latitude,
        "longitude": municipality.longitude,
        "radius": float(within_km) if within_km is not None else None,
        "limit": limit,
        "members_only": Visibility.MEMBERS,
        "networks_reached": list(viewer.networks_reached),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            RankedPeer(
                municipality_id=row[0],
                shared_topic_ids=tuple(row[1]),
                shared_network_ids=tuple(row[2]),
                similar_size=row[3],
                same_kind=row[4],
                same_settlement=row[5],
                distance_km=row[6],
            )
            for row in cursor.fetchall()
        ]


def peer_preview(municipality: Municipality, *, viewer: Viewer, limit: int = 5) -> list[Peer]:
    """The best few peers by the municipality's own topics, for its page."""
    topics = topics_of(municipality, viewer)
    return rank_peers(municipality, topics=topics, viewer=viewer, limit=limit)


def region_choices():
    """Called each time the choices are read, so the labels are in the active language."""
    return [("", _("anywhere"))] + [
        (str(km), _("within %(km)s km") % {"km": km}) for km in REGION_RADII
    ]


class PeerTopicsForm(forms.Form):
    topic = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Rank by these topics"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy(
                "There is no topic “%(value)s”. Pick topics from the list."
            ),
        },
    )
    within = forms.TypedChoiceField(
        label=gettext_lazy("In my region"),
        choices=region_choices,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("Pick a distance from the list."),
        },
    )


@require_safe
def peers(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug)
    # The form and the ranking are the same for everyone who sees the same rows (core.kept).
    body_html, status = kept_part(request, "peers-body", lambda: peers_body(request, municipality))
    context = {"municipality": municipality, "body_html": body_html}
    return render(request, "peers/peers.html", context, status=status)


def peers_body(request, municipality) -> tuple[str, int]:
    """The topics form and the ranked peers, with the status of the page (400 when the
    form's choices are invalid)."""
    own_topics = list(topics_of(municipality, request.viewer))
    # The form's hidden "picked" field tells a submission without any topic ticked (rank by
    # networks and size alone) from a first visit (rank by the municipality's own topics).
    picking = "picked" in request.GET or "topic" in request.GET
    form = PeerTopicsForm(request.GET if request.GET else None)
    valid = not request.GET or form.is_valid()
    topics = list(form.cleaned_data["topic"]) if picking and valid else own_topics
    within_km = form.cleaned_data.get("within") if request.GET and valid else None
    context = {
        "municipality": municipality,
        "own_topics": own_topics,
        "form": form,
        "topics": topics,
        "picked": picking,
        "within_km": within_km,
        "can_measure": has_coordinates(municipality),
        "region_choices": [
            (value, label, str(within_km or "") == value) for value, label in region_choices()
        ],
        "topic_choices": [
            (topic, topic in topics) for topic in sorted(Topic.objects.all(), key=topic_sort_key)
        ],
    }
    if valid:
        context["peers"] = rank_peers(
            municipality, topics=topics, viewer=request.viewer, within_km=within_km
        )
    return render_to_string("peers/_peers_body.html", context, request), 200 if valid else 400


def topic_sort_key(topic):
    return (topic.name.casefold(), topic.pk)
