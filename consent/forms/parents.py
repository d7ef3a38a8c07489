"""The parent's forms: the date-of-birth check, the answer, withdrawing, and the letter code."""

import datetime

from django import forms
from django.forms.boundfield import BoundField
from django.utils import timezone, translation
from django.utils.dates import MONTHS as MONTH_NAMES
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from consent import codes
from consent.forms.widgets_html import renderer
from consent.models import Decision, TextingProgram
from roster.models import Relationship

# The parent's forms below speak the language of the page (consent/i18n.py): their words are
# lazy, translated when the page renders.
MONTHS = [(str(n), MONTH_NAMES[n]) for n in range(1, 13)]  # Django's own translated names


# Bootstrap's class for each kind of input; any other input is a form-control.
_WIDGET_CLASSES = {
    "select": "form-select",
    "checkbox": "form-check-input",
    "radioselect": "form-check-input",
}


class BootstrapBoundField(BoundField):
    """A field whose input carries Bootstrap's classes (``is-invalid`` after an error) beside
    Django's own ``aria-invalid`` and ``aria-describedby`` (help text, error). The signing
    pages write each field whole in Python (``{{ field.as_field_group }}``, in
    consent/forms/widgets_html.py) instead of crispy's per-field templates: the parent's pages
    are the portal's busiest."""

    @property
    def is_radio_group(self) -> bool:
        return self.widget_type == "radioselect"

    @property
    def is_checkbox(self) -> bool:
        return self.widget_type == "checkbox"

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        classes = [widget.attrs.get("class"), _WIDGET_CLASSES.get(self.widget_type, "form-control")]
        if self.errors:
            classes.append("is-invalid")
        attrs["class"] = " ".join(c for c in classes if c)
        return attrs


class VerifyForm(forms.Form):
    """The student's date of birth, in three boxes that work with any phone keyboard."""

    bound_field_class = BootstrapBoundField
    default_renderer = renderer

    month = forms.ChoiceField(label=_("Month"), choices=[("", _("Month")), *MONTHS])
    day = forms.IntegerField(
        label=_("Day"),
        min_value=1,
        max_value=31,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1900,
        max_value=9999,  # what a date can hold; clean() refuses a date not yet come
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": _("YYYY")}),
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned["date_of_birth"] = datetime.date(
                cleaned["year"], int(cleaned["month"]), cleaned["day"]
            )
        except ValueError:
            raise forms.ValidationError(_("That date does not exist; check the day.")) from None
        if cleaned["date_of_birth"] >= timezone.localdate():
            raise forms.ValidationError(_("Enter your child's date of birth."))
        return cleaned


def _mobile_field(label, help_text, autocomplete, required):
    return PhoneNumberField(
        region="US",
        required=required,
        label=label,
        help_text=help_text,
        error_messages={
            "invalid": _("Enter a valid phone number, for example 773-555-0123."),
        },
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": autocomplete}),
    )


def student_mobile_field(*, help_text, required=False):
    return _mobile_field(_("Your child's mobile phone number"), help_text, "off", required)


def parent_mobile_field(*, help_text, required=False):
    return _mobile_field(_("Your mobile phone number"), help_text, "tel", required)


class DecisionForm(forms.Form):
    bound_field_class = BootstrapBoundField
    default_renderer = renderer
    decision = forms.ChoiceField(
        choices=[
            (Decision.GRANT, _("Yes, I give permission")),
            (Decision.DECLINE, _("No, I do not give permission")),
        ],
        widget=forms.RadioSelect,
        label=_("Your answer"),
    )
    student_mobile = student_mobile_field(
        help_text=_("Needed only if you give permission. For example 773-555-0123.")
    )
    duplicate_alerts = forms.BooleanField(
        required=False, label=_("Also send the same alerts to my phone")
    )
    parent_mobile = parent_mobile_field(
        help_text=_("Needed only if you want the alerts on your phone too.")
    )
    relationship = forms.ChoiceField(
        choices=Relationship.choices, label=_("Your relationship to the student")
    )
    signer_name = forms.CharField(
        max_length=200,
        label=_("Type your full name to sign"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    esign_agreed = forms.BooleanField(
        label=_("I have read the form above and agree to sign it electronically."),
        error_messages={
            "required": _(
                "Tick this box to sign electronically, or ask the school for a paper form."
            )
        },
    )

    def __init__(self, *args, program: TextingProgram, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        if not program.allows_duplicate_alerts:
            del self.fields["duplicate_alerts"]
            del self.fields["parent_mobile"]

    def clean_signer_name(self):
        name = " ".join(self.cleaned_data["signer_name"].split())
        if len(name) < 3 or " " not in name:
            raise forms.ValidationError(_("Type your first and last name."))
        return name

    def clean(self):
        cleaned = super().clean()
        granting = cleaned.get("decision") == Decision.GRANT
        if granting and not cleaned.get("student_mobile") and "student_mobile" not in self.errors:
            self.add_error(
                "student_mobile", _("Enter your child's mobile number to give permission.")
            )
        if (
            granting
            and cleaned.get("duplicate_alerts")
            and not cleaned.get("parent_mobile")
            and "parent_mobile" not in self.errors
        ):
            self.add_error("parent_mobile", _("Enter your mobile number to receive the alerts."))
        return cleaned


class PhoneChangeForm(forms.Form):
    """New mobile numbers for a granted consent, checked as when signing. The parent's own
    number is asked only where they chose the same alerts on their phone."""

    bound_field_class = BootstrapBoundField
    default_renderer = renderer

    student_mobile = student_mobile_field(
        help_text=_("For example 773-555-0123."),
        required=True,
    )
    parent_mobile = parent_mobile_field(
        help_text=_("The same alerts go to this number."), required=True
    )

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student_mobile"].error_messages["required"] = _(
            "Enter your child's mobile number to give permission."
        )
        self.fields["parent_mobile"].error_messages["required"] = _(
            "Enter your mobile number to receive the alerts."
        )
        if not record.duplicate_alerts:
            del self.fields["parent_mobile"]


# A changed phone number is no reason to withdraw: the answered page changes it (PhoneChangeForm).
REVOKE_REASONS = [
    ("", _("Choose a reason")),
    ("no_longer_wanted", _("I no longer want these texts")),
    ("child_left", _("My child left the program or the school")),
    ("other", _("Another reason")),
]


class RevokeForm(forms.Form):
    bound_field_class = BootstrapBoundField
    default_renderer = renderer
    reason = forms.ChoiceField(choices=REVOKE_REASONS, label=_("Why are you withdrawing?"))
    details = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Anything to add (optional)"),
    )

    def reason_text(self) -> str:
        """The reason as kept in the record: the chosen reason in English, for the staff who
        read the record, then the parent's own words."""
        with translation.override("en"):
            label = str(dict(REVOKE_REASONS)[self.cleaned_data["reason"]])
        details = self.cleaned_data["details"].strip()
        return f"{label}. {details}" if details else label


class CodeForm(forms.Form):
    bound_field_class = BootstrapBoundField
    default_renderer = renderer
    code = forms.CharField(
        max_length=40,
        label=_("The code on your letter"),
        help_text=_("10 letters and numbers, like ABCD-EFGH-JK. Capitals or not, dashes or not."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "form-control-lg",
            }
        ),
        error_messages={"required": _("Type the code printed on your letter.")},
    )

    def clean_code(self):
        typed = self.cleaned_data["code"]
        if codes.normalize(typed) is None:
            raise forms.ValidationError(
                _(
                    "A code has 10 letters and numbers, like ABCD-EFGH-JK. Check that you "
                    "typed all of it."
                )
            )
        return typed
