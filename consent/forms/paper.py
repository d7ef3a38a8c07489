"""Forms for recording a consent form a parent signed on paper."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from aup_portal import uploads
from aup_portal.http import digits
from consent.models import Decision, TextingProgram
from roster.models import Guardian, Relationship


class PaperStartForm(forms.Form):
    student_id = forms.CharField(
        max_length=12,
        label=_("Student ID"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    program = forms.ModelChoiceField(
        queryset=TextingProgram.objects.filter(active=True).order_by("position", "name"),
        empty_label=None,
    )

    def clean_student_id(self):
        value = self.cleaned_data["student_id"].strip()
        if not digits(value):
            raise forms.ValidationError(_("A student ID is digits only."))
        return value


class PaperForm(forms.Form):
    guardian = forms.ModelChoiceField(
        queryset=Guardian.objects.none(),
        label=_("Who signed"),
        empty_label=_("Choose the parent or guardian"),
        help_text=_("Only guardians with educational rights may sign."),
    )
    relationship = forms.ChoiceField(
        choices=[("", _("Choose")), *Relationship.choices],
        label=_("Their relationship to the student"),
    )
    decision = forms.ChoiceField(
        choices=[
            (Decision.GRANT, _("Gave permission")),
            (Decision.DECLINE, _("Did not give permission")),
        ],
        widget=forms.RadioSelect,
        label=_("Their answer on the form"),
    )
    form_date = forms.DateField(
        label=_("Date written on the form"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    student_mobile = PhoneNumberField(
        region="US",
        required=False,
        label=_("Student's mobile phone number (from the form)"),
        help_text=_("Needed when the parent gave permission. For example 773-555-0123."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    duplicate_alerts = forms.BooleanField(
        required=False, label=_("The parent asked for the same alerts on their own phone")
    )
    parent_mobile = PhoneNumberField(
        region="US",
        required=False,
        label=_("Parent's mobile phone number (from the form)"),
        help_text=_("Needed when the parent asked for the alerts too."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    scan = forms.FileField(
        label=_("Scan of the signed form"),
        help_text=_("A PDF, PNG or JPEG file, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )

    def __init__(self, *args, consent_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_request = consent_request
        self.fields["guardian"].queryset = Guardian.objects.filter(
            student_links__student=consent_request.student,
            student_links__has_educational_rights=True,
        ).order_by("last_name", "first_name")
        self.fields["guardian"].label_from_instance = lambda g: g.full_name
        if not consent_request.program.allows_duplicate_alerts:
            del self.fields["duplicate_alerts"]
            del self.fields["parent_mobile"]

    def clean_form_date(self):
        day = self.cleaned_data["form_date"]
        year = self.consent_request.school_year
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date on the form can't be in the future."))
        if not year.includes(day):
            raise forms.ValidationError(
                _(
                    "The date must be in the %(year)s school year (%(first)s to %(last)s): "
                    "consent is valid only for the year in which it is signed."
                )
                % {
                    "year": year.label,
                    "first": f"{year.first_day:%b %-d, %Y}",
                    "last": f"{year.last_day:%b %-d, %Y}",
                }
            )
        return day

    def clean_scan(self):
        upload = self.cleaned_data["scan"]
        if upload.size > uploads.PAPER_SCAN.max_bytes:
            raise forms.ValidationError(
                _(
                    "This file is %(size)s MB; the limit is 10 MB. Scan at a lower resolution "
                    "or in black and white."
                )
                % {"size": f"{upload.size / 1024 / 1024:.1f}"}
            )
        upload.seek(0)
        content = upload.read()
        if uploads.sniff(content, uploads.PAPER_SCAN) is None:
            raise forms.ValidationError(
                _(
                    "This file is not a readable PDF, PNG or JPEG (whatever its name says). "
                    "Choose the scan again, saved as PDF, PNG or JPEG."
                )
            )
        self.scan_content = content
        return upload

    def clean(self):
        cleaned = super().clean()
        granting = cleaned.get("decision") == Decision.GRANT
        if granting and not cleaned.get("student_mobile") and "student_mobile" not in self.errors:
            self.add_error("student_mobile", "Enter the student's mobile number from the form.")
        if (
            granting
            and cleaned.get("duplicate_alerts")
            and not cleaned.get("parent_mobile")
            and "parent_mobile" not in self.errors
        ):
            self.add_error("parent_mobile", "Enter the parent's mobile number from the form.")
        return cleaned
