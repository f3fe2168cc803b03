"""Peers of a municipality: who else works on the same topics, in the same networks, at
a similar size — ranked in one SQL query, each with the reason in words."""

from dataclasses import dataclass, field

from django import forms
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe

from core.access import Viewer, Visibility
from members.models import Membership, Municipality, Network
from projects.models import MunicipalityTopic, Project, Topic

PEER_LIMIT = 20
# Why one shared topic weighs more than a shared network, and that more than size: working
# on the same thing is what makes a peer worth calling; a network is a way to reach them.
TOPIC_WEIGHT = 3
NETWORK_WEIGHT = 2
SIZE_WEIGHT = 1


@dataclass
class Peer:
    municipality: Municipality
    shared_topics: list = field(default_factory=list)
    shared_networks: list = field(default_factory=list)
    similar_size: bool = False
    score: int = 0

    @property
    def reason(self) -> str:
        """ "3 shared topics: Mobilität, Datenplattformen, KI; both in MPSC; similar size"."""
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
        if self.shared_networks:
            names = ", ".join(str(network) for network in self.shared_networks)
            parts.append(_("both in %(networks)s") % {"networks": names})
        if self.similar_size:
            parts.append(_("similar size"))
        return "; ".join(parts)


def topics_of(municipality: Municipality, viewer: Viewer):
    """Topics of the projects `municipality` leads or partners in that `viewer` may see."""
    profile = MunicipalityTopic.objects.visible_to(viewer).filter(municipality=municipality)
    return Topic.objects.filter(pk__in=profile.values("topic"))


# Shared topics come from the topic profiles (projects.MunicipalityTopic, kept current by
# triggers), so the ranking reads one row per municipality and topic, not every project.
# The profile keeps public counts; the members-only projects a viewer may see (those led by
# members of the networks they reach) are added per request, for the asked topics only.
PEERS_SQL = """
WITH visible_profile AS (
    SELECT municipality_id, topic_id FROM {profile}
    WHERE topic_id = ANY(%(topic_ids)s) {public_only}
    {members_only}
),
by_topic AS (
    SELECT municipality_id, count(*) AS shared_topic_count
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
           COALESCE(n.shared_network_ids, '{{}}') AS shared_network_ids
    FROM by_topic t
    FULL OUTER JOIN by_network n ON n.municipality_id = t.municipality_id
)
SELECT m.id, m.name, m.slug, m.kind, m.country, m.state, m.population, m.population_class,
       m.settlement_type, s.shared_network_ids,
       -- Which topics, for the reason: computed for the rows on the page only.
       ARRAY(
           SELECT topic_id FROM visible_profile WHERE municipality_id = m.id
       ) AS shared_topic_ids,
       (m.population_class <> '' AND m.population_class = %(population_class)s) AS similar_size,
       {topic_weight} * s.shared_topic_count
         + {network_weight} * cardinality(s.shared_network_ids)
         + CASE WHEN m.population_class <> '' AND m.population_class = %(population_class)s
                THEN {size_weight} ELSE 0 END AS score
FROM scored s
JOIN {municipality} m ON m.id = s.municipality_id
WHERE m.id <> %(municipality)s
ORDER BY score DESC, s.shared_topic_count DESC, m.name, m.id
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


def rank_peers(municipality: Municipality, *, topics, viewer: Viewer, limit: int = PEER_LIMIT):
    """Other municipalities sharing any of `topics` (through projects `viewer` may see) or
    an active network with `municipality`, best first. Two queries, however many match."""
    topics_by_id = {topic.pk: topic for topic in topics}
    sql = PEERS_SQL.format(
        profile=MunicipalityTopic._meta.db_table,
        membership=Membership._meta.db_table,
        municipality=Municipality._meta.db_table,
        # Staff see every project: every profile row counts one.
        public_only="" if viewer.sees_everything else "AND public_project_count > 0",
        members_only=members_only_sql(viewer),
        topic_weight=TOPIC_WEIGHT,
        network_weight=NETWORK_WEIGHT,
        size_weight=SIZE_WEIGHT,
    )
    params = {
        "topic_ids": list(topics_by_id),
        "municipality": municipality.pk,
        "active": Membership.Status.ACTIVE,
        "population_class": municipality.population_class or "",
        "limit": limit,
        "members_only": Visibility.MEMBERS,
        "networks_reached": list(viewer.networks_reached),
    }
    rows = list(Municipality.objects.raw(sql, params))
    network_ids = {pk for row in rows for pk in row.shared_network_ids}
    networks = Network.objects.in_bulk(network_ids) if network_ids else {}
    return [
        Peer(
            municipality=row,
            shared_topics=[topics_by_id[pk] for pk in row.shared_topic_ids],
            shared_networks=[networks[pk] for pk in sorted(row.shared_network_ids)],
            similar_size=row.similar_size,
            score=row.score,
        )
        for row in rows
    ]


def peer_preview(municipality: Municipality, *, viewer: Viewer, limit: int = 5) -> list[Peer]:
    """The best few peers by the municipality's own topics, for its page."""
    topics = topics_of(municipality, viewer)
    return rank_peers(municipality, topics=topics, viewer=viewer, limit=limit)


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


@require_safe
def peers(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug)
    own_topics = list(topics_of(municipality, request.viewer))
    # The form's hidden "picked" field tells a submission without any topic ticked (rank by
    # networks and size alone) from a first visit (rank by the municipality's own topics).
    picking = "picked" in request.GET or "topic" in request.GET
    form = PeerTopicsForm(request.GET if picking else None)
    valid = not picking or form.is_valid()
    topics = list(form.cleaned_data["topic"]) if picking and valid else own_topics
    context = {
        "municipality": municipality,
        "own_topics": own_topics,
        "form": form,
        "topics": topics,
        "picked": picking,
        "topic_choices": [
            (topic, topic in topics) for topic in sorted(Topic.objects.all(), key=topic_sort_key)
        ],
    }
    if not valid:
        return render(request, "peers/peers.html", context, status=400)
    context["peers"] = rank_peers(municipality, topics=topics, viewer=request.viewer)
    return render(request, "peers/peers.html", context)


def topic_sort_key(topic):
    return (topic.name.casefold(), topic.pk)
