"""Schools, school years, students, guardians, staff accounts and their roles."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField


class SchoolKind(models.TextChoices):
    DISTRICT_RUN = "district", _("District-run")
    MAGNET = "magnet", _("Magnet")
    CHARTER = "charter", _("Charter")


class School(models.Model):
    code = models.CharField("school code", max_length=12, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=SchoolKind.choices)
    active = models.BooleanField(default=True)
    # The person's or place's OneRoster sourcedId, kept by the roster import (roster/oneroster)
    # to upsert the same row on the next nightly file; empty for rows entered by hand.
    sourced_id = models.CharField(
        "OneRoster sourcedId", max_length=255, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_exempt_from_policy(self) -> bool:
        """The portal's design: it issues charter schools no consent requests and accepts no
        exception requests for them (the district's current FAQ says nothing of charters)."""
        return self.kind == SchoolKind.CHARTER

    exemption_reason = (
        "This portal does not issue consent forms or take exception requests for charter schools."
    )


class SchoolYear(models.Model):
    label = models.CharField(max_length=9, unique=True, help_text=_("For example 2026-27."))
    first_day = models.DateField()
    last_day = models.DateField()
    # The person's or place's OneRoster sourcedId, kept by the roster import (roster/oneroster)
    # to upsert the same row on the next nightly file; empty for rows entered by hand.
    sourced_id = models.CharField(
        "OneRoster sourcedId", max_length=255, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_day__lt=models.F("last_day")),
                name="schoolyear_first_day_before_last_day",
                violation_error_message="The last day must come after the first day.",
            ),
            models.CheckConstraint(
                condition=Q(label__regex=r"^\d{4}-\d{2}$"),
                name="schoolyear_label_format",
                violation_error_message="Write the label as the two years, like 2026-27.",
            ),
        ]
        # On PostgreSQL an exclusion constraint (migration 0002) also refuses overlapping
        # years; clean() gives the friendly message.

    def __str__(self):
        return self.label

    def clean(self):
        if self.first_day and self.last_day:
            if self.first_day >= self.last_day:
                raise ValidationError(
                    {"last_day": _("The last day must come after the first day.")}
                )
            overlapping = SchoolYear.objects.filter(
                first_day__lte=self.last_day, last_day__gte=self.first_day
            ).exclude(pk=self.pk)
            if overlapping.exists():
                other = overlapping.first()
                raise ValidationError(
                    _("These dates overlap school year %(year)s (%(first)s – %(last)s).")
                    % {
                        "year": other.label,
                        "first": f"{other.first_day:%b %-d, %Y}",
                        "last": f"{other.last_day:%b %-d, %Y}",
                    }
                )

    def includes(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day


class Grade(models.IntegerChoices):
    # Stored as numbers so grade bands ("9–12") are plain range filters.
    PRE_K = -1, _("Pre-K")
    KINDERGARTEN = 0, _("Kindergarten")
    GRADE_1 = 1, _("Grade 1")
    GRADE_2 = 2, _("Grade 2")
    GRADE_3 = 3, _("Grade 3")
    GRADE_4 = 4, _("Grade 4")
    GRADE_5 = 5, _("Grade 5")
    GRADE_6 = 6, _("Grade 6")
    GRADE_7 = 7, _("Grade 7")
    GRADE_8 = 8, _("Grade 8")
    GRADE_9 = 9, _("Grade 9")
    GRADE_10 = 10, _("Grade 10")
    GRADE_11 = 11, _("Grade 11")
    GRADE_12 = 12, _("Grade 12")


class Student(models.Model):
    student_id = models.CharField(
        "district student ID",
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^\d{6,12}$", "A student ID is 6 to 12 digits.")],
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    grade = models.SmallIntegerField(choices=Grade.choices)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="students")
    homeroom = models.CharField(max_length=20, blank=True)
    active = models.BooleanField(default=True)
    # The person's or place's OneRoster sourcedId, kept by the roster import (roster/oneroster)
    # to upsert the same row on the next nightly file; empty for rows entered by hand.
    sourced_id = models.CharField(
        "OneRoster sourcedId", max_length=255, unique=True, null=True, blank=True, editable=False
    )
    # The day a full roster file no longer listed this person: kept, never deleted (the
    # retention rules count from this day).
    left_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["school", "grade"]),
            # The admin's list by name (it breaks ties by primary key, descending). Name
            # search: a trigram index in migration 0013_admin_list_indexes, PostgreSQL only.
            models.Index(fields=["last_name", "first_name", "-id"], name="student_admin_list"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__gte=Grade.PRE_K, grade__lte=Grade.GRADE_12),
                name="student_grade_in_range",
                violation_error_message="The grade must be between Pre-K and 12.",
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.student_id})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    POLISH = "pl", _("Polish")
    CHINESE = "zh-hans", _("Chinese (simplified)")
    ARABIC = "ar", _("Arabic")
    OTHER = "other", _("Other")


class Guardian(models.Model):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    mobile_phone = PhoneNumberField(
        blank=True, help_text=_("In international format, for example +1 773 555 0123.")
    )
    preferred_language = models.CharField(
        max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    students = models.ManyToManyField(Student, through="StudentGuardian", related_name="guardians")
    # The person's or place's OneRoster sourcedId, kept by the roster import (roster/oneroster)
    # to upsert the same row on the next nightly file; empty for rows entered by hand.
    sourced_id = models.CharField(
        "OneRoster sourcedId", max_length=255, unique=True, null=True, blank=True, editable=False
    )
    # The day a full roster file no longer listed this person: kept, never deleted (the
    # retention rules count from this day).
    left_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        # The admin's list by name (see Student).
        indexes = [
            models.Index(fields=["last_name", "first_name", "-id"], name="guardian_admin_list")
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Relationship(models.TextChoices):
    # Translated: parents choose it on the Spanish consent form too.
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    PARENT = "parent", _("Parent")
    LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian")
    GRANDPARENT = "grandparent", _("Grandparent")
    FOSTER_PARENT = "foster_parent", _("Foster parent")
    OTHER = "other", _("Other relative or caregiver")


class StudentGuardian(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardian_links")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="student_links")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    has_educational_rights = models.BooleanField(
        default=True,
        help_text=_("Only guardians with educational rights may sign consent forms."),
    )

    class Meta:
        verbose_name = _("student–guardian link")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "guardian"], name="studentguardian_unique_pair"
            ),
        ]

    def __str__(self):
        return f"{self.guardian} — {self.get_relationship_display()} of {self.student}"


class User(AbstractUser):
    """A staff member's account. Parents and students never have one."""

    email = models.EmailField("district email address", blank=True)
    # With district sign-in (OpenID Connect) on, passwords work only for these accounts: the
    # few kept for when the identity provider is down (docs/oidc.md).
    break_glass = models.BooleanField(
        "break-glass account",
        default=False,
        db_default=False,
        help_text="May sign in with a password while district sign-in is on. Keep these few.",
    )
    # The person's or place's OneRoster sourcedId, kept by the roster import (roster/oneroster)
    # to upsert the same row on the next nightly file; empty for rows entered by hand.
    sourced_id = models.CharField(
        "OneRoster sourcedId", max_length=255, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="user_email_unique_when_set",
                violation_error_message="Another account already uses this email address.",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    TEACHER = "teacher", _("Teacher or other school staff")
    PRINCIPAL = "principal", _("Principal / school administrator")
    ITS_REVIEWER = "its_reviewer", _("ITS reviewer (Director of Information Security)")
    CIO = "cio", _("Chief Information Officer")
    CEO_OFFICE = "ceo_office", _("CEO's office")
    # District-office employees (e.g. re-engagement outreach) and their department heads, who
    # endorse their exception requests in place of a principal (exceptions.workflow).
    DISTRICT_STAFF = "district_staff", _("District office staff")
    DEPARTMENT_HEAD = "department_head", _("District office department head")
    CONTENT_EDITOR = "content_editor", _("ITS content editor")
    ADMINISTRATOR = "administrator", _("Portal administrator")


SCHOOL_SCOPED_ROLES = frozenset({Role.TEACHER, Role.PRINCIPAL})


class StaffRole(models.Model):
    """One role a staff member holds; teachers and principals hold it for one school."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="staff_roles"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(SCHOOL_SCOPED_ROLES), school__isnull=False)
                    | (~Q(role__in=sorted(SCHOOL_SCOPED_ROLES)) & Q(school__isnull=True))
                ),
                name="staffrole_school_iff_school_scoped",
                violation_error_message=(
                    "Teachers and principals belong to a school; district roles to none."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "school"],
                condition=Q(school__isnull=False),
                name="staffrole_unique_school_role",
                violation_error_message="This person already holds this role at this school.",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(school__isnull=True),
                name="staffrole_unique_district_role",
                violation_error_message="This person already holds this role.",
            ),
        ]

    def __str__(self):
        if self.school_id:
            return f"{self.get_role_display()}, {self.school}"
        return self.get_role_display()

    def clean(self):
        if self.role in SCHOOL_SCOPED_ROLES and not self.school_id:
            raise ValidationError({"school": _("Teachers and principals belong to a school.")})
        if self.role not in SCHOOL_SCOPED_ROLES and self.school_id:
            raise ValidationError({"school": _("District roles are not tied to one school.")})
