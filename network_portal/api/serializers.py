"""What the API shows of each item: public fields only.

No personal contact data anywhere (no email, no phone, no contact person, no account): a
person appears only as the name and role a recap's highlight quotes, as on the page. Links
to other items carry their stable `id` (the slug), their API `url` and their page's
`html_url`.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from core.access import Visibility
from events.models import Event, Highlight, Recap
from members.models import Membership, Municipality, Network, Organization
from projects.models import Adoption, Project, Topic


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute address of the item's page on the portal."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The absolute address of the item in the API."""

    def __init__(self, view_name, **kwargs):
        self.view_name = view_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        request = self.context["request"]
        return reverse(self.view_name, kwargs={"slug": lookup_of(value)}, request=request)


def lookup_of(item) -> str:
    if isinstance(item, Adoption):
        return adoption_id(item)
    return item.slug


def adoption_id(adoption) -> str:
    # Slugs hold no dot, so "project.municipality" is unique and splits back unambiguously.
    return f"{adoption.project.slug}.{adoption.municipality.slug}"


class SlugId(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(source="slug", read_only=True, **kwargs)


# --- References to other items -----------------------------------------------------------


class MunicipalityRef(serializers.ModelSerializer):
    id = SlugId(help_text="Stable identifier (the slug).")
    url = ApiUrlField("api:municipality-detail")
    html_url = PageUrlField()

    class Meta:
        model = Municipality
        fields = ["id", "name", "url", "html_url"]


class NetworkRef(serializers.ModelSerializer):
    id = SlugId()
    url = ApiUrlField("api:network-detail")
    html_url = PageUrlField()

    class Meta:
        model = Network
        fields = ["id", "name", "short_name", "url", "html_url"]


class TopicRef(serializers.ModelSerializer):
    id = SlugId()
    url = ApiUrlField("api:topic-detail")

    class Meta:
        model = Topic
        fields = ["id", "name_de", "name_en", "url"]


class ProjectRef(serializers.ModelSerializer):
    id = SlugId()
    url = ApiUrlField("api:project-detail")
    html_url = PageUrlField()

    class Meta:
        model = Project
        fields = ["id", "title", "url", "html_url"]


class EventRef(serializers.ModelSerializer):
    id = SlugId()
    url = ApiUrlField("api:event-detail")
    html_url = PageUrlField()

    class Meta:
        model = Event
        fields = ["id", "title", "url", "html_url"]


class OrganizationRef(serializers.ModelSerializer):
    id = SlugId()

    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "website"]


# --- Networks, municipalities, topics -----------------------------------------------------


class NetworkSerializer(serializers.ModelSerializer):
    id = SlugId()
    url = ApiUrlField("api:network-detail")
    html_url = PageUrlField()
    operator = OrganizationRef(read_only=True, allow_null=True)
    member_count = serializers.IntegerField(
        read_only=True, help_text="Active members listed on the portal."
    )

    class Meta:
        model = Network
        fields = [
            "id",
            "name",
            "short_name",
            "url",
            "html_url",
            "operator",
            "founded_year",
            "ended_year",
            "scope",
            "description",
            "website",
            "member_count",
            "stated_member_count",
            "stated_member_count_is_minimum",
        ]


class NetworkMemberSerializer(serializers.ModelSerializer):
    municipality = MunicipalityRef(read_only=True)
    founding_member = serializers.BooleanField(source="is_founding_member", read_only=True)

    class Meta:
        model = Membership
        fields = ["municipality", "tier", "joined_on", "founding_member"]


class NetworkDetailSerializer(NetworkSerializer):
    members = NetworkMemberSerializer(many=True, read_only=True, source="active_members")

    class Meta(NetworkSerializer.Meta):
        fields = [*NetworkSerializer.Meta.fields, "members"]


class MembershipRef(serializers.ModelSerializer):
    network = NetworkRef(read_only=True)

    class Meta:
        model = Membership
        fields = ["network", "tier", "joined_on"]


class MunicipalitySerializer(serializers.ModelSerializer):
    id = SlugId()
    url = ApiUrlField("api:municipality-detail")
    html_url = PageUrlField()
    networks = MembershipRef(many=True, read_only=True, source="active_memberships")

    class Meta:
        model = Municipality
        fields = [
            "id",
            "name",
            "url",
            "html_url",
            "kind",
            "country",
            "state",
            "population",
            "population_class",
            "settlement_type",
            "latitude",
            "longitude",
            "networks",
        ]


class MunicipalityDetailSerializer(MunicipalitySerializer):
    class Meta(MunicipalitySerializer.Meta):
        fields = [
            *MunicipalitySerializer.Meta.fields,
            "website",
            "description",
            "official_key",
            "wikidata_id",
        ]


class TopicSerializer(serializers.ModelSerializer):
    id = SlugId()
    url = ApiUrlField("api:topic-detail")
    html_url = PageUrlField()

    class Meta:
        model = Topic
        fields = ["id", "name_de", "name_en", "url", "html_url", "description_de", "description_en"]


# --- Projects and adoptions ---------------------------------------------------------------


class ProjectSerializer(serializers.ModelSerializer):
    id = SlugId()
    url = ApiUrlField("api:project-detail")
    html_url = PageUrlField()
    lead_municipality = MunicipalityRef(read_only=True)
    topics = TopicRef(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "url",
            "html_url",
            "summary",
            "lead_municipality",
            "topics",
            "stage",
            "started_on",
            "ended_on",
            "is_open_source",
            "visibility",
            "created_at",
        ]


class LessonsSerializer(serializers.Serializer):
    worked = serializers.CharField(source="lessons_worked")
    failed = serializers.CharField(source="lessons_failed")
    differently = serializers.CharField(source="lessons_differently")


class ProjectDetailSerializer(ProjectSerializer):
    partner_municipalities = MunicipalityRef(many=True, read_only=True)
    partner_organizations = OrganizationRef(many=True, read_only=True)
    lessons = serializers.SerializerMethodField(
        help_text="Lessons learned; null when they are for network members only and the "
        "reader is not one."
    )

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "description",
            "partner_municipalities",
            "partner_organizations",
            "stopped_reason",
            "funding_programme",
            "repository_url",
            "licence",
            "open_standards",
            "lessons",
            "source_url",
            "updated_at",
        ]

    @extend_schema_field(LessonsSerializer(allow_null=True))
    def get_lessons(self, project):
        # `member_access` comes from Project.objects.with_member_access(viewer) (core.access).
        if project.lessons_visibility == Visibility.PUBLIC or project.member_access:
            return LessonsSerializer(project).data
        return None


class AdoptionSerializer(serializers.ModelSerializer):
    id = serializers.SerializerMethodField(help_text="Stable identifier: project.municipality.")
    url = ApiUrlField("api:adoption-detail")
    project = ProjectRef(read_only=True)
    municipality = MunicipalityRef(read_only=True)
    confirmed = serializers.SerializerMethodField(
        help_text="Whether the lead municipality confirmed it."
    )

    class Meta:
        model = Adoption
        fields = [
            "id",
            "url",
            "project",
            "municipality",
            "adopted_on",
            "kind",
            "notes",
            "confirmed",
        ]

    def get_id(self, adoption) -> str:
        return adoption_id(adoption)

    def get_confirmed(self, adoption) -> bool:
        return adoption.confirmed_at is not None


# --- Events and recaps --------------------------------------------------------------------


class EventSerializer(serializers.ModelSerializer):
    id = SlugId()
    url = ApiUrlField("api:event-detail")
    html_url = PageUrlField()
    network = NetworkRef(read_only=True, allow_null=True)
    city = MunicipalityRef(read_only=True, allow_null=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "url",
            "html_url",
            "kind",
            "network",
            "series",
            "edition",
            "theme",
            "city",
            "venue",
            "starts_on",
            "ends_on",
        ]


class EventDetailSerializer(EventSerializer):
    organizer = OrganizationRef(read_only=True, allow_null=True)
    recaps = serializers.SerializerMethodField()

    class Meta(EventSerializer.Meta):
        fields = [
            *EventSerializer.Meta.fields,
            "description",
            "website",
            "online_url",
            "organizer",
            "recaps",
            "source_url",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_recaps(self, event) -> list[str]:
        request = self.context["request"]
        return [
            reverse("api:recap-detail", kwargs={"slug": recap.slug}, request=request)
            for recap in event.public_recaps
        ]


class HighlightSerializer(serializers.ModelSerializer):
    speaker = serializers.SerializerMethodField(help_text="Name of the person quoted.")
    role = serializers.SerializerMethodField(help_text="Their role, as the recap names it.")

    class Meta:
        model = Highlight
        fields = ["quote", "speaker", "role"]

    def get_speaker(self, highlight) -> str:
        return highlight.person.name if highlight.person else highlight.speaker_name

    def get_role(self, highlight) -> str:
        return highlight.person.role_title if highlight.person else highlight.speaker_role


class RecapSerializer(serializers.ModelSerializer):
    id = SlugId()
    url = ApiUrlField("api:recap-detail")
    html_url = PageUrlField()
    event = EventRef(read_only=True)
    author_municipality = MunicipalityRef(read_only=True, allow_null=True)

    class Meta:
        model = Recap
        fields = ["id", "title", "url", "html_url", "event", "author_municipality", "published_at"]


class RecapDetailSerializer(RecapSerializer):
    projects = ProjectRef(many=True, read_only=True, source="visible_projects")
    topics = TopicRef(many=True, read_only=True)
    municipalities = MunicipalityRef(many=True, read_only=True)
    highlights = HighlightSerializer(many=True, read_only=True)

    class Meta(RecapSerializer.Meta):
        fields = [
            *RecapSerializer.Meta.fields,
            "body",
            "projects",
            "topics",
            "municipalities",
            "highlights",
            "source_url",
        ]
