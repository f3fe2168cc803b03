from django import forms
from django.utils.translation import gettext_lazy as _

from members.importing import country_codes
from network_portal.jobs.models import Job

MAX_UPLOAD = 5 * 1024 * 1024


class ImportJobForm(forms.Form):
    kind = forms.ChoiceField(label=_("Source"), choices=Job.Kind.choices, widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_("UTF-8, with a header row (as for the import command); at most 5 MB."),
    )
    countries = forms.CharField(
        label=_("GeoNames countries"),
        required=False,
        help_text=_("ISO codes separated by spaces, e.g. DE AT."),
    )
    min_population = forms.IntegerField(
        label=_("Minimum population"), min_value=0, initial=0, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == Job.Kind.IMPORT_CSV:
            upload = data.get("file")
            if not upload:
                self.add_error("file", _("Choose a CSV file."))
            elif upload.size > MAX_UPLOAD:
                self.add_error("file", _("The file is larger than 5 MB."))
            else:
                try:
                    data["source"] = upload.read().decode("utf-8-sig")
                except UnicodeDecodeError:
                    self.add_error("file", _("The file is not UTF-8 text."))
        elif data.get("kind") == Job.Kind.IMPORT_GEONAMES:
            codes = [code.upper() for code in (data.get("countries") or "").split()]
            unknown = [code for code in codes if code not in country_codes()]
            if not codes:
                self.add_error("countries", _("Give at least one country code."))
            elif unknown:
                self.add_error(
                    "countries",
                    _("Unknown country codes: %(codes)s") % {"codes": " ".join(unknown)},
                )
            data["countries_list"] = codes
        return data
