"""Forms of event and recap editing (issue 10, points 7 and 8).

They validate and normalise what organizers type and hand cleaned_data to events.services;
none of them saves anything (STYLE §6). Pickers of a municipality, a person or a project work
without JavaScript: a text field searches, and when several rows match, the form comes back
with them as radio buttons to choose from.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event
from members.models import Municipality, Person

PICK_LIMIT = 10  # matches offered to choose from


def _single_line(value: str) -> str:
    return " ".join(value.split())


def search_and_pick(label, help_text, *, matches):
    """A name to search for and, when several rows match it, a choice among them: a picker
    that works without JavaScript (the view fills the choices after a search)."""
    search = forms.CharField(label=label, max_length=200, required=False, help_text=help_text)
    pick = forms.TypedChoiceField(
        label=matches, choices=[], required=False, coerce=int, widget=forms.RadioSelect
    )
    return search, pick


class Picker:
    """Resolves a search field (`query_field`) and its choice (`pick_field`, radio buttons
    of the matches) to one row of `queryset`; only rows of `queryset` can ever be picked,
    so a forged id is refused like an unknown one."""

    def __init__(self, form, *, query_field, pick_field, queryset, search_path, label):
        self.form = form
        self.query_field = query_field
        self.pick_field = pick_field
        self.queryset = queryset
        self.search_path = search_path
        self.label = label
        query = _single_line(form.data.get(form.add_prefix(query_field), "")) if form.data else ""
        self.matches = list(self._matching(query)) if query else []
        form.fields[pick_field].choices = [(str(row.pk), label(row)) for row in self.matches]

    def _matching(self, query):
        exact = self.queryset.filter(**{f"{self.search_path}__iexact": query})
        if exact.count() == 1:
            return exact
        return self.queryset.filter(**{f"{self.search_path}__unaccent__icontains": query}).order_by(
            self.search_path
        )[:PICK_LIMIT]

    def resolve(self, *, required: bool):
        """The picked row, None when nothing was asked for; adds the errors to the form."""
        cleaned = self.form.cleaned_data
        query = _single_line(cleaned.get(self.query_field) or "")
        picked = cleaned.get(self.pick_field)
        if picked:
            return self.queryset.filter(pk=picked).first()
        if not query:
            if required:
                self.form.add_error(self.query_field, _("Please enter a name to search for."))
            return None
        if len(self.matches) == 1:
            return self.matches[0]
        if not self.matches:
            self.form.add_error(self.query_field, _("Nothing matches this name."))
        else:
            self.form.add_error(self.pick_field, _("Several match this name: please choose one."))
        return None


class EventForm(forms.Form):
    """An event's fields. `network` is only asked when an event is created, among the
    networks the person organizes."""

    network = forms.ModelChoiceField(
        label=_("Network"), queryset=None, empty_label=_("Please choose")
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    series = forms.CharField(
        label=_("Series"),
        max_length=200,
        required=False,
        help_text=_("For example: MPSC congress."),
    )
    edition = forms.IntegerField(
        label=_("Edition"), required=False, min_value=1, max_value=1000, help_text=_("e.g. 7")
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    city, city_pick = search_and_pick(
        _("City"),
        _("Type the municipality's name; if several match, choose one."),
        matches=_("Matching municipalities"),
    )
    starts_on = forms.DateField(
        label=_("Start"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ends_on = forms.DateField(
        label=_("End"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Where people join online, if they can."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, *italic*, lists with “-”, links as [text](address)."),
    )
    # Optional English texts; English readers see them instead of the German ones.
    title_en = forms.CharField(
        label=_("Title in English"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "en"}),
        help_text=_("Optional: readers of the English pages see it instead of the German."),
    )
    description_en = forms.CharField(
        label=_("Description in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "en"}),
        help_text=_("Optional. Markdown as above."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, networks=None, **kwargs):
        super().__init__(*args, **kwargs)
        if networks is None:
            del self.fields["network"]
        else:
            self.fields["network"].queryset = networks
            self.fields["network"].label_from_instance = lambda network: network.name
        self.city_picker = Picker(
            self,
            query_field="city",
            pick_field="city_pick",
            queryset=Municipality.objects.all(),
            search_path="name",
            label=lambda m: f"{m.name} ({m.state})" if m.state else m.name,
        )
        if not self.city_picker.matches:
            del self.fields["city_pick"]

    def clean_title(self):
        value = _single_line(self.cleaned_data["title"])
        if not value:
            raise forms.ValidationError(_("Please enter a title."))
        return value

    def clean_title_en(self):
        return _single_line(self.cleaned_data["title_en"])

    def clean(self):
        cleaned = super().clean()
        cleaned["city"] = self.city_picker.resolve(required=False)
        cleaned.pop("city_pick", None)
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end cannot be before the start."))
        if ends and not starts:
            self.add_error("starts_on", _("Please enter the start as well."))
        return cleaned

    @staticmethod
    def initial_for(event: Event) -> dict:
        return {
            "title": event.title,
            "kind": event.kind,
            "series": event.series,
            "edition": event.edition,
            "venue": event.venue,
            "city": event.city.name if event.city_id else "",
            "starts_on": event.starts_on,
            "ends_on": event.ends_on,
            "online_url": event.online_url,
            "description": event.description,
            "title_en": event.title_en,
            "description_en": event.description_en,
            "version": event.version,
        }


class ProgrammeItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.CharField(
        label=_("Kind"), max_length=100, required=False, help_text=_("For example: panel.")
    )
    starts_at = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    speakers = forms.ModelMultipleChoiceField(
        label=_("Speakers with a profile"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a speaker to remove them."),
    )
    speaker_search, speaker_pick = search_and_pick(
        _("Add a speaker with a profile"),
        _("Type the person's name; if several match, choose one."),
        matches=_("Matching people"),
    )
    guests = forms.CharField(
        label=_("Speakers without a profile"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name, role — for example “Anna Beispiel, Mayor of Kiel”."),
    )

    def __init__(self, *args, current_speakers=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current_speakers if current_speakers is not None else Person.objects.none()
        self.fields["speakers"].queryset = current
        if not current.exists():
            del self.fields["speakers"]
        self.speaker_picker = Picker(
            self,
            query_field="speaker_search",
            pick_field="speaker_pick",
            queryset=Person.objects.select_related("municipality"),
            search_path="name",
            label=person_label,
        )
        if not self.speaker_picker.matches:
            del self.fields["speaker_pick"]

    def clean_title(self):
        value = _single_line(self.cleaned_data["title"])
        if not value:
            raise forms.ValidationError(_("Please enter a title."))
        return value

    def clean_guests(self):
        guests = []
        for line in self.cleaned_data["guests"].splitlines():
            line = _single_line(line)
            if not line:
                continue
            name, _sep, role = line.partition(",")
            name, role = name.strip(), role.strip()
            if not name or len(name) > 200 or len(role) > 200:
                raise forms.ValidationError(
                    _("Each line needs a name (up to 200 characters), then a comma and a role.")
                )
            guests.append((name, role))
        return guests

    def clean(self):
        cleaned = super().clean()
        speakers = list(cleaned.get("speakers") or [])
        added = self.speaker_picker.resolve(required=False)
        if added is not None and added not in speakers:
            speakers.append(added)
        cleaned["speakers"] = speakers
        cleaned.pop("speaker_search", None)
        cleaned.pop("speaker_pick", None)
        return cleaned

    @staticmethod
    def initial_for(item) -> dict:
        guests = "\n".join(
            f"{guest.name}, {guest.role}" if guest.role else guest.name
            for guest in item.guest_speakers.all()
        )
        return {
            "title": item.title,
            "kind": item.kind,
            "starts_at": item.starts_at,
            "description": item.description,
            "speakers": list(item.speakers.all()),
            "guests": guests,
        }


def person_label(person) -> str:
    where = person.municipality.name if person.municipality_id else ""
    parts = [person.name, person.role_title, where]
    return ", ".join(part for part in parts if part)


class RecapForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **bold**, *italic*, lists with “-”, links as [text](address)."),
    )
    # Optional English texts: a short summary, not a translation of the whole recap.
    title_en = forms.CharField(
        label=_("Title in English"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "en"}),
        help_text=_("Optional: readers of the English pages see it instead of the German."),
    )
    summary_en = forms.CharField(
        label=_("Summary in English"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "en"}),
        help_text=_("Optional: a few sentences for readers who do not read German."),
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Linked projects"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a project to remove the link."),
    )
    project_search, project_pick = search_and_pick(
        _("Link a project"),
        _("Type the project's title; if several match, choose one."),
        matches=_("Matching projects"),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Attending municipalities"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The network's members and the host city."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, projects, linked_projects, topics, municipalities, **kwargs):
        """`projects`: what the person may see (and so link); `linked_projects`: those of
        them the recap links now; `topics`, `municipalities`: what may be ticked."""
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = linked_projects
        self.fields["topics"].queryset = topics
        self.fields["municipalities"].queryset = municipalities
        self.project_picker = Picker(
            self,
            query_field="project_search",
            pick_field="project_pick",
            queryset=projects,
            search_path="title",
            label=lambda p: f"{p.title} ({p.lead_municipality.name})",
        )
        if not self.project_picker.matches:
            del self.fields["project_pick"]

    def clean_title(self):
        value = _single_line(self.cleaned_data["title"])
        if not value:
            raise forms.ValidationError(_("Please enter a title."))
        return value

    def clean_title_en(self):
        return _single_line(self.cleaned_data["title_en"])

    def clean(self):
        cleaned = super().clean()
        projects = list(cleaned.get("projects") or [])
        added = self.project_picker.resolve(required=False)
        if added is not None and added not in projects:
            projects.append(added)
        cleaned["projects"] = projects
        cleaned.pop("project_search", None)
        cleaned.pop("project_pick", None)
        return cleaned


class HighlightForm(forms.Form):
    quote = forms.CharField(
        label=_("Quote"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    person_search, person_pick = search_and_pick(
        _("Said by a person with a profile"),
        _("Type the person's name; if several match, choose one."),
        matches=_("Matching people"),
    )
    speaker_name = forms.CharField(
        label=_("… or the name of who said it"),
        max_length=200,
        required=False,
        help_text=_("For someone without a profile."),
    )
    speaker_role = forms.CharField(
        label=_("Their role"),
        max_length=200,
        required=False,
        help_text=_("For example: Mayor of Kiel."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person_picker = Picker(
            self,
            query_field="person_search",
            pick_field="person_pick",
            queryset=Person.objects.select_related("municipality"),
            search_path="name",
            label=person_label,
        )
        if not self.person_picker.matches:
            del self.fields["person_pick"]

    @staticmethod
    def initial_for(highlight) -> dict:
        return {
            "quote": highlight.quote,
            "person_search": highlight.person.name if highlight.person_id else "",
            "speaker_name": highlight.speaker_name,
            "speaker_role": highlight.speaker_role,
        }

    def clean(self):
        cleaned = super().clean()
        name = _single_line(cleaned.get("speaker_name") or "")
        role = _single_line(cleaned.get("speaker_role") or "")
        person = self.person_picker.resolve(required=False)
        searched = bool(_single_line(cleaned.get("person_search") or ""))
        if person is None and not name and not searched:
            self.add_error(
                "speaker_name",
                _("Please name who said it: a person with a profile, or a name and a role."),
            )
        if person is not None and name:
            self.add_error(
                "speaker_name", _("Please give either a person with a profile or a name.")
            )
        cleaned.update(person=person, speaker_name=name, speaker_role=role)
        cleaned.pop("person_search", None)
        cleaned.pop("person_pick", None)
        return cleaned


class PublishRecapForm(forms.Form):
    NOW, LATER = "now", "later"
    when = forms.ChoiceField(
        label=_("When"),
        choices=[(NOW, _("Publish now")), (LATER, _("Publish at a set time"))],
        initial=NOW,
        widget=forms.RadioSelect,
    )
    publish_at = forms.DateTimeField(
        label=_("Publication time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        help_text=_("Only for a set time; in the portal's time zone."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") == self.LATER:
            at = cleaned.get("publish_at")
            if at is None:
                self.add_error("publish_at", _("Please enter the publication time."))
            elif at <= timezone.now():
                self.add_error("publish_at", _("The time has passed: choose “Publish now”."))
        return cleaned
