"""Forms of the schools' platform survey."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms.models import Platform, PlatformStatus
from roster.models import SchoolYear


class SurveyOpenForm(forms.Form):
    school_year = forms.ModelChoiceField(
        queryset=SchoolYear.objects.order_by("-first_day"), label=_("School year")
    )
    due = forms.DateField(label=_("Answers due by"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("Choose a due date from today on."))
        return due


class AnswerForm(forms.Form):
    """One tool the school uses: a known platform, or a new one named by vendor and product."""

    platform = forms.ModelChoiceField(
        queryset=Platform.objects.exclude(status=PlatformStatus.RETIRED),
        required=False,
        label=_("A tool the district knows"),
        empty_label=_("— not in this list —"),
    )
    vendor = forms.CharField(label=_("Or a new tool: vendor"), max_length=200, required=False)
    product = forms.CharField(label=_("Product"), max_length=200, required=False)
    used_for = forms.CharField(
        label=_("What the school uses it for"), widget=forms.Textarea(attrs={"rows": 2})
    )
    students = forms.IntegerField(label=_("About how many students"), min_value=0)
    used_by = forms.CharField(
        label=_("Who uses it"),
        max_length=300,
        help_text=_("For example: classroom teachers, coaches, the front office."),
    )

    def clean(self):
        data = super().clean()
        vendor, product = data.get("vendor", "").strip(), data.get("product", "").strip()
        if data.get("platform") is not None:
            if vendor or product:
                self.add_error("vendor", _("Choose a known tool or name a new one, not both."))
        elif not (vendor and product):
            if not vendor:
                self.add_error("vendor", _("Choose a known tool, or name the new tool's vendor."))
            if not product:
                self.add_error("product", _("Name the new tool's product."))
        return data


class SubmitForm(forms.Form):
    no_tools = forms.BooleanField(
        required=False, label=_("The school uses no messaging tools with students or families")
    )


class DelegateForm(forms.Form):
    delegate = forms.TypedChoiceField(coerce=int, label=_("Staff member"), choices=[])

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].choices = [
            (user.pk, user.get_full_name() or user.username) for user in candidates
        ]
