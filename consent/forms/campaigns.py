"""ITS's form for a district-wide campaign: one program to every eligible school or a chosen
set, posted once for the confirmation page (nothing created), then with its token to send."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consent.models import TextingProgram
from roster.models import School, SchoolKind
from roster.selectors import school_years_open

REACH_CHOICES = [
    ("every", _("Every eligible school")),
    ("chosen", _("Chosen schools")),
]


class CampaignForm(forms.Form):
    program = forms.ModelChoiceField(
        queryset=TextingProgram.objects.filter(active=True), empty_label=None
    )
    school_year = forms.ModelChoiceField(queryset=None, empty_label=None)
    reach = forms.ChoiceField(
        choices=REACH_CHOICES, widget=forms.RadioSelect, initial="every", label=_("Send to")
    )
    schools = forms.ModelMultipleChoiceField(
        queryset=School.objects.filter(active=True).exclude(kind=SchoolKind.CHARTER),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Only when sending to chosen schools. Charter schools are not offered."),
    )
    token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    english_with_note = forms.BooleanField(
        required=False,
        label=_("Send the English text, with a note that the form is in English"),
    )

    CHOICE_FIELDS = ("program", "school_year", "reach", "schools")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].queryset = school_years_open()
        self.fields["schools"].queryset = self.fields["schools"].queryset.order_by("name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reach") == "chosen" and not cleaned.get("schools"):
            self.add_error("schools", _("Choose at least one school."))
        return cleaned

    def target(self) -> dict:
        """The valid form's choices as campaign_issue and campaign_check take them."""
        data = self.cleaned_data
        schools = list(data["schools"]) if data["reach"] == "chosen" else None
        return {"program": data["program"], "school_year": data["school_year"], "schools": schools}

    def choices_as_hidden(self):
        return [self[name] for name in self.CHOICE_FIELDS]
