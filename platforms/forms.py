"""Forms of the platforms app: an audit's ratings and evidence, its outcome, a status step, a
vendor action, and moving schools to an approved platform."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal import uploads
from exceptions.forms import MultipleFileField
from platforms.models import Criterion, Outcome, Rating
from platforms.selectors import approved_platforms

DATE = forms.DateInput(attrs={"type": "date"})
# Each criterion's findings box has a label of its own (five boxes called "Findings" would
# be one name for a screen reader).
FINDINGS_LABELS = {
    Criterion.ARCHITECTURE: _("Findings on the architecture"),
    Criterion.PERIMETER: _("Findings on perimeter security"),
    Criterion.RECOVERY: _("Findings on recovery and incident response"),
    Criterion.ENCRYPTION: _("Findings on encryption"),
    Criterion.DATA_SHARING: _("Findings on the data-sharing agreement"),
}


class AuditForm(forms.Form):
    """One rating and findings per criterion, a summary, and evidence files."""

    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=f"{uploads.ATTACHMENT.accepted}; {uploads.ATTACHMENT.limits}.",
    )

    def __init__(self, *args, audit, **kwargs):
        findings = {f.criterion: f for f in audit.findings.all()}
        initial = {"summary": audit.summary}
        for criterion in Criterion:
            found = findings.get(criterion.value)
            initial[f"{criterion.value}_rating"] = found.rating if found else ""
            initial[f"{criterion.value}_findings"] = found.findings if found else ""
        super().__init__(*args, initial=initial, **kwargs)
        held = audit.evidence.all()  # prefetched by the view
        self.fields["evidence"].already = (len(held), sum(item.size for item in held))
        for criterion in Criterion:
            self.fields[f"{criterion.value}_rating"] = forms.ChoiceField(
                label=criterion.label,
                choices=[("", _("Not rated yet")), *Rating.choices],
                required=False,
            )
            self.fields[f"{criterion.value}_findings"] = forms.CharField(
                label=FINDINGS_LABELS[criterion],
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.order_fields(
            [f"{c.value}_{part}" for c in Criterion for part in ("rating", "findings")]
        )

    @property
    def ratings(self) -> dict:
        data = self.cleaned_data
        return {
            c.value: (data[f"{c.value}_rating"], data[f"{c.value}_findings"]) for c in Criterion
        }


class FinishForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    approved_until = forms.DateField(
        label=_("Approved until (the re-audit date)"), required=False, widget=DATE
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you flag the platform."),
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.APPROVE:
            until = data.get("approved_until")
            if until is None or until <= timezone.localdate():
                self.add_error("approved_until", _("Give the re-audit date: a day after today."))
        if data.get("outcome") == Outcome.FLAG and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the platform is flagged."))
        return data


class StepForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("What the vendor must do"), widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=_("Due"), widget=DATE)


class TransitionPlanForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Move the schools to"), queryset=None, empty_label=_("Choose an approved platform")
    )
    deadline = forms.DateField(label=_("By"), widget=DATE)

    def __init__(self, *args, platform, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = approved_platforms().exclude(pk=platform.pk)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("The deadline must be after today."))
        return deadline
