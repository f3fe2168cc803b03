"""The project form (STYLE §6): validates and normalises; projects.services writes."""

from django import forms
from django.forms.renderers import Jinja2
from django.utils.translation import gettext_lazy as _
from license_expression import get_spdx_licensing

from members.models import Municipality, Organization
from projects.models import Project, Topic

# How many partners a search offers at most (with JavaScript and without).
CANDIDATES = 20
STAGES = [choice for choice in Project.Stage.choices if choice[0] != Project.Stage.NOT_STATED]


def partner_candidates(query: str, *, exclude_municipality=None):
    """(municipalities, organisations) whose names contain `query` (accents ignored), at
    most CANDIDATES each, as (id, name) pairs."""
    query = " ".join(query.split())[:100]
    if len(query) < 2:
        return [], []
    municipalities = Municipality.objects.filter(name__unaccent__icontains=query)
    if exclude_municipality is not None:
        municipalities = municipalities.exclude(pk=exclude_municipality)
    organizations = Organization.objects.filter(name__unaccent__icontains=query)
    return (
        list(municipalities.order_by("name").values_list("pk", "name")[:CANDIDATES]),
        list(organizations.order_by("name").values_list("pk", "name")[:CANDIDATES]),
    )


def _ids(values) -> set[int]:
    ids = set()
    for value in values or ():
        value = getattr(value, "pk", value)
        try:
            ids.add(int(value))
        except (TypeError, ValueError):
            continue
    return ids


class ProjectFormRenderer(Jinja2):
    # Each field's label, input, help text and errors (projects/jinja2/projects/field.html):
    # {{ field.as_field_group }} in the page.
    field_template_name = "projects/field.html"


class ProjectForm(forms.ModelForm):
    # Its widgets (some 50 inputs, checkboxes and radio buttons) render through Django's own
    # Jinja2 copies of the widget templates: the same HTML in about half the time (the edit
    # page: 36–42 → 25 ms alone, load test). The page around them stays a Django template.
    default_renderer = ProjectFormRenderer()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    partner_query = forms.CharField(
        label=_("Find partners"),
        required=False,
        max_length=100,
        help_text=_(
            "Type part of a name and choose “Search”: matching municipalities and "
            "organisations appear below to tick."
        ),
    )
    new_organization_name = forms.CharField(
        label=_("Add a missing organisation: name"), required=False, max_length=200
    )
    new_organization_kind = forms.ChoiceField(
        label=_("Kind of the new organisation"),
        required=False,
        choices=[("", "—"), *Organization.Kind.choices],
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "summary",
            "title_en",
            "summary_en",
            "description",
            "topics",
            "partner_municipalities",
            "partner_organizations",
            "stage",
            "stopped_reason",
            "started_on",
            "ended_on",
            "funding_programme",
            "is_open_source",
            "repository_url",
            "licence",
            "open_standards",
            "lessons_worked",
            "lessons_failed",
            "lessons_differently",
            "lessons_visibility",
            "visibility",
            "source_url",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            # English words: the browser's spelling check and screen readers follow `lang`.
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "summary_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "topics": forms.CheckboxSelectMultiple,
            "partner_municipalities": forms.CheckboxSelectMultiple,
            "partner_organizations": forms.CheckboxSelectMultiple,
            "stopped_reason": forms.Textarea(attrs={"rows": 3}),
            "started_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "ended_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "lessons_worked": forms.Textarea(attrs={"rows": 4}),
            "lessons_failed": forms.Textarea(attrs={"rows": 4}),
            "lessons_differently": forms.Textarea(attrs={"rows": 4}),
            "lessons_visibility": forms.RadioSelect,
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "summary": _("Two or three sentences for the project list and search results."),
            "title_en": _("Optional: readers of the English pages see it instead of the German."),
            "summary_en": _("Optional: the summary in English."),
            "description": _(
                "Light Markdown: *emphasis*, **strong**, lists with “-”, links as "
                "[text](https://…), “#” for a sub-heading."
            ),
            "stopped_reason": _("Required when the project was stopped."),
            "licence": _(
                "An SPDX identifier or expression, for example EUPL-1.2, MIT or Apache-2.0 OR MIT."
            ),
            "open_standards": _("For example GTFS, OParl, SensorThings API."),
            "lessons_visibility": _("Lessons learned may be kept for network members."),
            "source_url": _("Where the facts come from, if they were published elsewhere."),
        }

    def __init__(self, *args, lead_municipality, candidates=((), ()), **kwargs):
        super().__init__(*args, **kwargs)
        self.lead_municipality = lead_municipality
        if self.instance.stage != Project.Stage.NOT_STATED:
            self.fields["stage"].choices = STAGES
        self.fields["topics"].queryset = Topic.objects.order_by("name_de")
        # The partner checkboxes offer who is ticked and who the search found, not every
        # municipality and organisation (thousands); any of them is valid when sent.
        self.fields["partner_municipalities"].queryset = Municipality.objects.exclude(
            pk=lead_municipality.pk
        )
        found_municipalities, found_organizations = candidates
        self._offer("partner_municipalities", Municipality, found_municipalities)
        self._offer("partner_organizations", Organization, found_organizations)

    def _ticked(self, name) -> set[int]:
        if self.is_bound:
            widget = self.fields[name].widget
            return _ids(widget.value_from_datadict(self.data, self.files, self.add_prefix(name)))
        return _ids(self.initial.get(name))

    def _offer(self, name, model, found):
        ticked = self._ticked(name)
        known = dict(model.objects.filter(pk__in=ticked).values_list("pk", "name"))
        choices = sorted(known.items(), key=lambda pair: pair[1].casefold())
        choices += [(pk, label) for pk, label in found if pk not in known]
        self.fields[name].choices = choices

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_title_en(self):
        return " ".join(self.cleaned_data["title_en"].split())

    def clean_licence(self):
        licence = self.cleaned_data["licence"].strip()
        if not licence:
            return ""
        try:
            info = get_spdx_licensing().validate(licence)
            errors = info.errors
        except Exception:  # noqa: BLE001 – the parser raises on some broken expressions
            errors = True
        if errors:
            raise forms.ValidationError(
                _(
                    "“%(value)s” is not a valid SPDX licence identifier or expression, "
                    "such as EUPL-1.2 or Apache-2.0 OR MIT."
                ),
                params={"value": licence},
                code="spdx",
            )
        return info.normalized_expression

    def clean(self):
        data = super().clean()
        stage = data.get("stage")
        if stage == Project.Stage.STOPPED and not (data.get("stopped_reason") or "").strip():
            self.add_error(
                "stopped_reason", _("Say why the project was stopped: others learn from it.")
            )
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end cannot be before the start."))
        if data.get("is_open_source") and not data.get("licence") and "licence" not in self.errors:
            self.add_error("licence", _("Name the licence of open-source software."))
        name = " ".join((data.get("new_organization_name") or "").split())
        kind = data.get("new_organization_kind")
        if name and not kind:
            self.add_error("new_organization_kind", _("Choose what kind of organisation it is."))
        data["new_organization"] = {"name": name, "kind": kind} if name and kind else None
        return data


def form_values(form: ProjectForm, data) -> dict:
    """What was typed into `form`, as initial values: the preview and the partner search
    show the form again without judging it (no errors for fields not filled in yet)."""
    values = {}
    for name, field in form.fields.items():
        value = field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        if value is not None:
            values[name] = value
    return values
