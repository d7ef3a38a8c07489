"""Forms of the exceptions app: the request itself (with attachments) and a step on the route."""

from django import forms
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal import uploads
from exceptions import workflow
from exceptions.models import ExceptionRequest
from exceptions.parent_text import TRANSLATE_CLOSE, TRANSLATE_OPEN
from exceptions.services import PARENT_TEXT_FIELDS, REQUEST_FIELDS
from platforms.selectors import approved_platforms
from roster.models import Grade, School
from roster.selectors import school_year_on


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by its content (aup_portal.uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": uploads.ATTACHMENT.accept_attribute}),
        )
        super().__init__(*args, **kwargs)
        self.already = (0, 0)  # (files, bytes) the request holds already

    def clean(self, data, initial=None):
        given = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(upload, initial) for upload in given]
        try:
            # Counted before any file is opened: too many is refused without reading them.
            uploads.check_count(
                [upload.size for upload in cleaned], uploads.ATTACHMENT, already=self.already
            )
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        errors = []
        for upload in cleaned:
            try:
                uploads.check(upload, uploads.ATTACHMENT)
            except ValueError as error:
                errors.append(str(error))
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


GRADE_CHOICES = [(g.value, g.label) for g in Grade]


class ExceptionRequestForm(forms.ModelForm):
    school = forms.ModelChoiceField(queryset=School.objects.none(), empty_label=None)
    attachments = MultipleFileField(
        required=False,
        help_text=f"Optional. {uploads.ATTACHMENT.accepted}; {uploads.ATTACHMENT.limits}.",
    )

    class Meta:
        model = ExceptionRequest
        fields = ["school", *REQUEST_FIELDS]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "why_no_standard_program": forms.Textarea(attrs={"rows": 3}),
            "other_texters": forms.Textarea(attrs={"rows": 2}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "purpose": "Who you will text, about what, and how often.",
            "why_no_standard_program": "Bulk alerts, safety meet-ups (grades 9–12) and "
            "re-engagement (grades 7–12) are the standard programs.",
            "ends_on": "Not past the last day of the school year.",
        }

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        listed = self.fields["listed_platform"]
        listed.queryset = approved_platforms().order_by("product", "vendor")
        listed.required = False
        listed.empty_label = _("Not listed — needs an audit")
        listed.label = _("Messaging platform")
        listed.help_text = _(
            "From the district's approved platforms. A platform not listed must be audited and "
            "approved by ITS before ITS can recommend the request."
        )
        name = self.fields["platform"]
        name.required = False
        name.label = _("Product name, if not listed")
        name.help_text = _("Required when the platform is not listed.")
        self.fields["school"].queryset = schools
        self.fields[
            "school"
        ].help_text = "The school whose students will be texted: the program is limited to it."
        if self.instance.pk:
            # A request stays with the school it was written for.
            del self.fields["school"]
            held = self.instance.attachments.aggregate(files=Count("pk"), size=Sum("size"))
            self.fields["attachments"].already = (held["files"], held["size"] or 0)

    def clean_school(self):
        school = self.cleaned_data["school"]
        if school.is_exempt_from_policy:
            raise forms.ValidationError(school.exemption_reason)
        return school

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("listed_platform") is not None:
            cleaned["platform"] = cleaned["listed_platform"].product
        elif not (cleaned.get("platform") or "").strip() and "listed_platform" not in self.errors:
            self.add_error("platform", _("Name the product, or choose a platform from the list."))
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        low, high = cleaned.get("lowest_grade"), cleaned.get("highest_grade")
        if low is not None and high is not None and low > high:
            self.add_error("highest_grade", "The highest grade must not be below the lowest.")
        if starts_on and ends_on:
            if ends_on < starts_on:
                self.add_error("ends_on", "The last day must not come before the first day.")
            elif ends_on < timezone.localdate():
                self.add_error("ends_on", "The last day has already passed.")
            else:
                year = school_year_on(starts_on)
                if year is None:
                    self.add_error(
                        "starts_on", "The first day must fall within a school year, not a break."
                    )
                elif ends_on > year.last_day:
                    self.add_error(
                        "ends_on",
                        f"The last day must not be past the end of the {year.label} school year "
                        f"({year.last_day:%B %-d, %Y}).",
                    )
        return cleaned

    def request_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in REQUEST_FIELDS}


class TransitionForm(forms.Form):
    """A step on the route: its comment and, for the step that prepares it, the form text
    parents will read (``route``: the request's, to find the step; ``parent_text``: whether
    to ask for it, with the drafts as ``initial``)."""

    transition = forms.ChoiceField(choices=[(name, name) for name in workflow.NAMES])
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Comment"),
        help_text=_("Required to return for changes: say why."),
    )
    seen_status = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, route=None, parent_text=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.route = route
        if parent_text:
            for name, field in parent_text_fields().items():
                self.fields[name] = field

    def clean(self):
        cleaned = super().clean()
        step = workflow.transition_for(
            cleaned.get("seen_status", ""), cleaned.get("transition"), self.route
        )
        if step and step.needs_comment and not cleaned.get("comment", "").strip():
            self.add_error("comment", f"Say why: “{step.label}” needs a comment.")
        if step and step.prepares_parent_text and PARENT_TEXT_FIELDS[0] in self.fields:
            for name in PARENT_TEXT_FIELDS:
                value = cleaned.get(name, "")
                if not value.strip():
                    self.add_error(name, "Required: parents read this before they answer.")
                elif TRANSLATE_OPEN in value or TRANSLATE_CLOSE in value:
                    self.add_error(
                        name,
                        f"Translate the words marked {TRANSLATE_OPEN} … {TRANSLATE_CLOSE} and "
                        "remove the marks.",
                    )
        return cleaned

    def parent_text(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in PARENT_TEXT_FIELDS}


def parent_text_fields() -> dict[str, forms.Field]:
    help_body = "Written to parents. Paragraphs are separated by a blank line."
    return {
        "parent_title_en": forms.CharField(
            label="Title for parents (English)", max_length=200, required=False
        ),
        "parent_body_en": forms.CharField(
            label="Form text for parents (English)",
            required=False,
            widget=forms.Textarea(attrs={"rows": 8, "lang": "en"}),
            help_text=help_body,
        ),
        "parent_title_es": forms.CharField(
            label="Title for parents (Spanish)",
            max_length=200,
            required=False,
            widget=forms.TextInput(attrs={"lang": "es"}),
        ),
        "parent_body_es": forms.CharField(
            label="Form text for parents (Spanish)",
            required=False,
            widget=forms.Textarea(attrs={"rows": 8, "lang": "es"}),
            help_text=help_body,
        ),
    }


class ConfirmForm(forms.Form):
    """The confirmation of a final step: its comment (required where the step says so)."""

    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Comment")
    )
    seen_status = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, step, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        comment = self.fields["comment"]
        if step.needs_comment:
            comment.label = _("Reason")
            comment.help_text = _("Required: say why. The requester reads it.")
        else:
            comment.help_text = _("Optional: a note for the timeline.")

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if self.step.needs_comment and not comment:
            raise forms.ValidationError(f"Say why: “{self.step.label}” needs a comment.")
        return comment
