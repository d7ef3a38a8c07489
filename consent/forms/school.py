"""Staff forms: issuing, countersigning, the dashboard's student filter, "May I text?" and
the covered-today export."""

import json
import re

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal.http import digits
from consent import dashboard
from consent.models import Activity, ConsentRecord, CountersignDecision, TextingProgram
from consent.selectors import programs_at
from roster.models import Grade, School, SchoolYear, Student
from roster.selectors import school_years_open

SCOPE_CHOICES = [
    ("school", _("The whole school")),
    ("grades", _("Some grades")),
    ("students", _("Chosen students")),
]


class IssueForm(forms.Form):
    """What to issue. Posted once for the confirmation page (nothing created), then again
    with that page's one-time ``token`` to send."""

    program = forms.ModelChoiceField(
        queryset=TextingProgram.objects.filter(active=True), empty_label=None
    )
    school = forms.ModelChoiceField(queryset=School.objects.none(), empty_label=None)
    school_year = forms.ModelChoiceField(queryset=SchoolYear.objects.none(), empty_label=None)
    scope = forms.ChoiceField(
        choices=SCOPE_CHOICES, widget=forms.RadioSelect, initial="school", label=_("Send to")
    )
    grades = forms.TypedMultipleChoiceField(
        choices=[],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when sending to some grades. Only the program's grades are offered."),
    )
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.none(),
        required=False,
        label=_("Activity"),
        help_text=_("For programs with designated staff: the activity the form names."),
    )
    student_ids = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Student IDs"),
        help_text=_(
            "Only when sending to chosen students: district student IDs, separated by "
            "spaces, commas or new lines."
        ),
    )
    token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    english_with_note = forms.BooleanField(
        required=False,
        label=_("Send the English text, with a note that the form is in English"),
    )

    CHOICE_FIELDS = (
        "program",
        "school",
        "school_year",
        "scope",
        "grades",
        "student_ids",
        "activity",
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        programs = programs_at(schools=schools, day=timezone.localdate())
        self.fields["program"].queryset = programs
        self.fields["school_year"].queryset = school_years_open()
        bands = {p.pk: (p.lowest_grade, p.highest_grade) for p in programs}
        offered = {g for low, high in bands.values() for g in range(low, high + 1)}
        self.fields["grades"].choices = [(g.value, g.label) for g in Grade if g.value in offered]
        # static/js/issue_form.js hides the grades outside the chosen program's band.
        self.fields["program"].widget.attrs["data-grade-bands"] = json.dumps(bands)
        self.fields["activity"].queryset = Activity.objects.filter(school__in=schools)

    def clean_school(self):
        school = self.cleaned_data["school"]
        if school.is_exempt_from_policy:
            raise forms.ValidationError(school.exemption_reason)
        return school

    def clean_student_ids(self):
        raw = self.cleaned_data["student_ids"]
        ids = [part for part in re.split(r"[\s,;]+", raw) if part]
        bad = [part for part in ids if not digits(part)]
        if bad:
            raise forms.ValidationError(
                _("Student IDs are digits only; check: %(ids)s") % {"ids": ", ".join(bad[:5])}
            )
        return ids

    def clean(self):
        cleaned = super().clean()
        scope, program = cleaned.get("scope"), cleaned.get("program")
        if scope == "grades" and not cleaned.get("grades") and "grades" not in self.errors:
            self.add_error("grades", _("Choose at least one grade."))
        if scope == "grades" and program and cleaned.get("grades"):
            outside = [g for g in cleaned["grades"] if not program.admits_grade(g)]
            if outside:
                self.add_error(
                    "grades",
                    _("%(program)s is for grades %(band)s only; not grade %(grades)s.")
                    % {
                        "program": program.name,
                        "band": program.grade_band,
                        "grades": ", ".join(str(g) for g in outside),
                    },
                )
        if scope == "students" and not cleaned.get("student_ids") and "student_ids" in cleaned:
            self.add_error("student_ids", _("Enter at least one student ID."))
        school, ids = cleaned.get("school"), cleaned.get("student_ids")
        if scope == "students" and school and ids:
            # Exact targets: an ID not on this school's roll is named, not silently dropped.
            known = set(
                Student.objects.filter(school=school, student_id__in=ids).values_list(
                    "student_id", flat=True
                )
            )
            unknown = [each for each in ids if each not in known]
            if unknown:
                self.add_error(
                    "student_ids",
                    _("Not on the roll of %(school)s: %(ids)s")
                    % {"school": school.name, "ids": ", ".join(unknown[:5])},
                )
        return cleaned

    def target(self) -> dict:
        """The valid form's choices as consent_issue and issue_plan take them."""
        data = self.cleaned_data
        return {
            "program": data["program"],
            "school_year": data["school_year"],
            "school": data["school"],
            "grades": data["grades"] if data["scope"] == "grades" else None,
            "student_ids": data["student_ids"] if data["scope"] == "students" else None,
        }

    def choices_as_hidden(self):
        """The chosen values as hidden inputs, for the confirmation page's Send."""
        return [self[name] for name in self.CHOICE_FIELDS]


class CountersignForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (CountersignDecision.COUNTERSIGNED, _("Countersign")),
            (CountersignDecision.REFUSED, _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you decline."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == CountersignDecision.REFUSED
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", "Say why you decline, for the family and the record.")
        return cleaned


class CountersignSelectedForm(forms.Form):
    """The consents chosen in the countersign queue. ``records`` are the ones the principal
    may countersign (their schools'); an id outside them is an invalid choice (the view: 404)."""

    MAX_CHOSEN = 100

    record = forms.ModelMultipleChoiceField(
        queryset=ConsentRecord.objects.none(),
        error_messages={"required": _("Choose at least one consent to countersign.")},
    )

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].queryset = records

    def clean_record(self):
        chosen = self.cleaned_data["record"]
        if len(chosen) > self.MAX_CHOSEN:
            raise forms.ValidationError(
                _("Choose at most %(max)d consents at a time."),
                code="too_many",
                params={"max": self.MAX_CHOSEN},
            )
        return chosen

    @property
    def tampered(self) -> bool:
        """An id that is not a consent of the principal's schools (or not a number)."""
        return self.has_error("record", "invalid_choice") or self.has_error(
            "record", "invalid_pk_value"
        )


class StudentFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label=_("Name or student ID"))
    grade = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All grades"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    status = forms.ChoiceField(
        required=False,
        choices=[("", _("All statuses")), *dashboard.STATUSES.items()],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    homeroom = forms.ChoiceField(
        required=False,
        choices=[("", _("All homerooms"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, program, homerooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices += [
            (g.value, g.label)
            for g in Grade
            if program.lowest_grade <= g.value <= program.highest_grade
        ]
        self.fields["homeroom"].choices += [(h, h) for h in homerooms]

    def choice_filters(self):
        """The drop-down filters worth showing: those with a choice beyond "all"."""
        return [
            self[name]
            for name in ("grade", "status", "homeroom")
            if len(self.fields[name].choices) > 1
        ]

    def status_asked(self) -> bool:
        """A status is chosen: the list needs every student's status to pick its rows."""
        return self.is_valid() and bool(self.cleaned_data["status"])

    def narrows(self) -> bool:
        """Any filter is set (an invalid form filters nothing: ``apply``)."""
        return self.is_valid() and any(
            self.cleaned_data[name] not in ("", None) for name in self.fields
        )

    def apply(self, students):
        if not self.is_valid():
            return students
        data = self.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            students = students.filter(
                Q(student_id=q) | Q(last_name__icontains=q) | Q(first_name__icontains=q)
            )
        if data["grade"] is not None:
            students = students.filter(grade=data["grade"])
        if data["status"]:
            students = students.filter(coverage_code=data["status"])
        if data["homeroom"]:
            students = students.filter(homeroom=data["homeroom"])
        return students


STUDENT_ID_FORMAT = RegexValidator(
    r"^\d{6,12}$", "A student ID is 6 to 12 digits, for example 60012345."
)


class CheckForm(forms.Form):
    """The student by district ID, or by name (part of the first or last name, or both)."""

    student_id = forms.CharField(
        label="Student ID",
        required=False,
        validators=[STUDENT_ID_FORMAT],
        help_text="The district student ID, 6 to 12 digits.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(
        label="Or the student's name",
        required=False,
        max_length=100,
        help_text="First name, last name, or both.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_student_id(self):
        return self.cleaned_data["student_id"].strip()

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("student_id") and not cleaned.get("name") and not self.errors:
            self.add_error("student_id", "Enter the student's ID or their name.")
        return cleaned

    def name_words(self) -> list[str]:
        return self.cleaned_data.get("name", "").split()[:4]


class ExportForm(forms.Form):
    program = forms.ModelChoiceField(
        label="Program", queryset=TextingProgram.objects.none(), to_field_name="slug"
    )
    school = forms.ChoiceField(
        label="School", error_messages={"required": "Choose the school whose list you want."}
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = TextingProgram.objects.filter(active=True).order_by(
            "position", "name"
        )
        choices = [(s.code, f"{s.name} ({s.code})") for s in schools]
        self.fields["school"].choices = (
            choices if len(choices) == 1 else [("", "---------"), *choices]
        )


class ActivityForm(forms.Form):
    """A new activity of a program that needs designated staff, at one school."""

    program = forms.ModelChoiceField(
        label="Program", queryset=TextingProgram.objects.none(), empty_label=None
    )
    name = forms.CharField(
        label="Activity",
        max_length=200,
        help_text='For example "Robotics regional meet, March 2027".',
    )
    starts_on = forms.DateField(
        label="First day (optional)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label="Last day (optional)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs_at(schools=school).filter(needs_designation=True)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The last day cannot be before the first day.")
        return cleaned


class DesignationForm(forms.Form):
    """Who to designate for an activity: one of the school's staff (choices given, read once
    for every activity on the page)."""

    staff = forms.TypedChoiceField(label="Staff member", coerce=int)

    def __init__(self, *args, staff_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].choices = [("", "Choose a staff member"), *staff_choices]
