"""Issuing consent requests to a school's students, reminding guardians who have not
answered, and the renewal campaign for a later school year."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from aup_portal.queue import enqueue
from consent.coverage import EARLY_CODES, LABELS, OPEN_CODES, annotate_coverage, day_in_year
from consent.i18n import guardian_language
from consent.models import (
    ConsentEvent,
    ConsentLink,
    EventKind,
    IssueBatch,
    RequestStatus,
    TextingProgram,
)
from consent.services.errors import ConsentError
from consent.services.forms_text import current_form_text, translations_check
from consent.services.issue_rows import issue_rows_insert
from roster.access import Action, can
from roster.models import School, SchoolYear, Student, StudentGuardian

# Issuing skips a student for these coverage codes (consent.coverage) and names them with
# the rule's own words; "no_rights_holder" is issuing's own reason.
SKIP_CODES = (*EARLY_CODES, "covered", *OPEN_CODES)
SKIP_REASONS = {
    **{code: LABELS[code] for code in SKIP_CODES},
    "no_rights_holder": gettext_lazy("No guardian with educational rights on the roster"),
    # The reasons of older batches.
    "no_guardian_contact": gettext_lazy("No guardian with educational rights and an email address"),
    "ineligible_grade": gettext_lazy("Grade not eligible for this program"),
    "already_issued": gettext_lazy("Already has an open request"),
    "already_covered": gettext_lazy("Already covered by a signed consent"),
}


def issuing_check(*, school: School, program: TextingProgram, school_year: SchoolYear) -> None:
    """Raises the ConsentError that stops anyone asking a family at ``school`` about
    ``program`` for ``school_year`` (by link or on paper); returns when asking is allowed."""
    if school.is_exempt_from_policy:
        raise ConsentError(code="school_exempt", message=school.exemption_reason)
    if not program.runs_on(timezone.localdate()):
        raise ConsentError(
            code="program_inactive",
            message=_("%(program)s is not an active program."),
            params={"program": program.name},
        )
    if program.school_id is not None and program.school_id != school.pk:
        raise ConsentError(
            code="program_other_school",
            message=_("%(program)s is limited to %(school)s."),
            params={"program": program.name, "school": program.school.name},
        )
    if school_year.last_day < timezone.localdate():
        raise ConsentError(
            code="school_year_ended",
            message=_("The %(year)s school year has ended."),
            params={"year": school_year.label},
        )


@dataclass
class IssuePlan:
    """Who an issuing would ask, and how: the students to ask (each with ``rights_holders``,
    their guardians with educational rights), the skipped ones by reason, and the scope."""

    scope: str
    to_issue: list = field(default_factory=list)
    skipped: dict = field(default_factory=dict)  # {reason: [student, ...]}

    @property
    def guardians(self):
        return [holder.guardian for s in self.to_issue for holder in s.rights_holders]

    @property
    def by_email(self) -> int:
        return sum(1 for guardian in self.guardians if guardian.email)

    @property
    def by_letter(self) -> int:
        return sum(1 for guardian in self.guardians if not guardian.email)

    def languages(self) -> Counter:
        """How many guardians read each language (consent.i18n.guardian_language)."""
        return Counter(guardian_language(guardian) for guardian in self.guardians)

    def skipped_counts(self) -> dict:
        return {reason: len(students) for reason, students in self.skipped.items()}


def issue_plan(
    *, program, school_year, school, grades=None, student_ids=None, scope=None, lean=False
):
    """The IssuePlan for these choices, read now (consent_issue reads it again under its
    lock). The coverage rule decides who is skipped, with its own codes: a covered student,
    one whose request is still open, or one the rule excludes; a student the rule does not
    cover (a decline, a withdrawal, a refused countersignature) is asked again. A student with
    no guardian holding educational rights is skipped as "no_rights_holder"; every other
    guardian gets a link by email, or by printed letter when they have no address.

    With ``lean`` (the writers: consent_issue, a campaign's chunk) the students and guardians
    are small rows read with values_list (pk, guardian id, email, language), the same choice
    in two queries without building model instances; otherwise (the confirmation page, which
    names students) they are Student rows with their StudentGuardian links."""
    students = Student.objects.filter(school=school, active=True)
    default_scope = "Whole school"
    if grades:
        students = students.filter(grade__in=grades)
        default_scope = "Grades " + ", ".join(str(g) for g in sorted(grades))
    if student_ids:
        students = students.filter(student_id__in=student_ids)
        default_scope = f"{len(student_ids)} chosen students"
    chosen = students
    students = annotate_coverage(students, program=program, day=day_in_year(school_year)).order_by(
        "last_name", "first_name", "pk"
    )
    rights_holders = StudentGuardian.objects.filter(has_educational_rights=True)
    if lean:
        holders = {}
        # The chosen students without their coverage: the same pks, and the guardians' query
        # does not compute the coverage joins a second time.
        for student_id, guardian_id, email, language in rights_holders.filter(
            student__in=chosen.values("pk")
        ).values_list(
            "student_id", "guardian_id", "guardian__email", "guardian__preferred_language"
        ):
            holders.setdefault(student_id, []).append(
                _Holder(guardian_id, _Guardian(email, language))
            )
        rows = (
            _Student(pk, code, holders.get(pk, []))
            for pk, code in students.values_list("pk", "coverage_code")
        )
    else:
        rows = students.prefetch_related(
            Prefetch(
                "guardian_links",
                queryset=rights_holders.select_related("guardian"),
                to_attr="rights_holders",
            )
        )
    plan = IssuePlan(scope=scope or default_scope)
    for student in rows:
        if student.coverage_code in SKIP_CODES:
            plan.skipped.setdefault(student.coverage_code, []).append(student)
        elif not student.rights_holders:
            plan.skipped.setdefault("no_rights_holder", []).append(student)
        else:
            plan.to_issue.append(student)
    return plan


@dataclass(slots=True)
class _Guardian:
    email: str
    preferred_language: str


@dataclass(slots=True)
class _Holder:
    guardian_id: int
    guardian: _Guardian


@dataclass(slots=True)
class _Student:
    pk: int
    coverage_code: str
    rights_holders: list


def consent_issue(
    *,
    issued_by,
    program: TextingProgram,
    school_year: SchoolYear,
    school: School,
    grades: list[int] | None = None,
    student_ids: list[str] | None = None,
    scope: str | None = None,
    activity=None,
    preview_token: str | None = None,
    english_with_note: bool = False,
) -> IssueBatch:
    """Issues consent requests to a school's eligible students (see issue_plan); safe to
    repeat: a student already asked is skipped, and a second press with the same
    ``preview_token`` returns the batch the first made. With ``activity`` (one of the
    school's activities under ``program``), each request names it.

    Refuses ("nothing_to_issue") when nobody would be asked, and ("no_translation") when some
    guardians' language has no version of the form text, unless ``english_with_note``.

    Side effects: one IssueBatch (its skipped students named); per student asked a
    ConsentRequest, a ConsentLink per guardian with educational rights, and an "issued"
    event; queued in the same transaction, a background task that emails each link that has
    an address (consent.tasks.send_batch_links). Links without an address are for printed
    letters (the batch's letters)."""
    if not can(issued_by, Action.ISSUE_CONSENT, school):
        raise PermissionDenied
    issuing_check(school=school, program=program, school_year=school_year)
    if activity is not None and (
        activity.school_id != school.pk or activity.program_id != program.pk
    ):
        raise ConsentError(
            code="activity_elsewhere",
            message=_("“%(activity)s” is not an activity of %(program)s at %(school)s."),
            params={"activity": activity.name, "program": program.name, "school": school.name},
        )
    if current_form_text(program) is None:
        raise ConsentError(
            code="no_form_text",
            message=_("%(program)s has no consent form text yet; ITS must add one."),
            params={"program": program.name},
        )

    with transaction.atomic():
        # One issuing at a time per school: a second press waits, then finds the batch (by
        # its token) or the requests the first created, and skips those students.
        School.objects.select_for_update().get(pk=school.pk)
        if preview_token:
            earlier = IssueBatch.objects.filter(preview_token=preview_token).first()
            if earlier is not None:
                return earlier
        plan = issue_plan(
            program=program,
            school_year=school_year,
            school=school,
            grades=grades,
            student_ids=student_ids,
            scope=scope,
            lean=True,
        )
        if not plan.to_issue:
            raise ConsentError(
                code="nothing_to_issue",
                message=_("Nobody would be asked: every chosen student is skipped."),
            )
        missing = translations_check(program, plan.languages(), english_with_note=english_with_note)
        batch = issue_batch_write(
            plan=plan,
            program=program,
            school_year=school_year,
            school=school,
            issued_by=issued_by,
            activity=activity,
            untranslated=missing,
            preview_token=preview_token,
        )
    return batch


def issue_batch_write(
    *,
    plan: IssuePlan,
    program,
    school_year,
    school,
    issued_by,
    activity=None,
    untranslated=(),
    preview_token=None,
) -> IssueBatch:
    """Writes an issuing's rows for ``plan`` (not empty), inside the caller's transaction and
    under its lock on ``school``: consent_issue and a campaign's chunk share it, so a campaign
    writes exactly the rows an issue to each school writes. Three INSERTs whatever the number
    of students (requests, links, events), and the links' email task queued at bulk priority.
    The batch carries ``emails`` and ``letters``: the links with and without an address."""
    to_issue = plan.to_issue
    batch = IssueBatch.objects.create(
        program=program,
        school_year=school_year,
        school=school,
        issued_by=issued_by,
        # The issuer's choice to send the English text is kept with the batch.
        scope=plan.scope
        + (
            f" (English form text with a note for: {', '.join(untranslated)})"
            if untranslated
            else ""
        ),
        issued_count=len(to_issue),
        skipped=plan.skipped_counts(),
        skipped_students={
            reason: [s.pk for s in students] for reason, students in plan.skipped.items()
        },
        preview_token=preview_token or None,
    )
    links, emails = issue_rows_insert(
        batch=batch,
        to_issue=to_issue,
        activity=activity,
        issued_by=issued_by,
        now=timezone.now(),
    )
    if emails:
        enqueue("consent.tasks.send_batch_links", batch_id=batch.pk)
    batch.emails, batch.letters = emails, links - emails
    return batch


REMINDER_GAP = datetime.timedelta(days=3)


def consent_remind(*, user, school: School, program: TextingProgram, school_year, student=None):
    """Queues a reminder to each guardian of an unanswered request (of one student, or of
    everyone), at most one per guardian in three days. Returns {"queued": n, "skipped":
    {reason: n}}.

    Side effects: a "reminded" event per reminded link (written now, so a second click finds
    it); queued in the same transaction, a background task that emails them, each once
    (consent.tasks.send_reminders)."""
    if not can(user, Action.ISSUE_CONSENT, school):
        raise PermissionDenied
    with transaction.atomic():
        # One reminding at a time per school: a double click waits, then finds the events.
        School.objects.select_for_update().get(pk=school.pk)
        links = ConsentLink.objects.filter(
            request__school=school,
            request__program=program,
            request__school_year=school_year,
            request__status=RequestStatus.OPEN,
        ).select_related("guardian")
        if student is not None:
            links = links.filter(request__student=student)
        recently = set(
            ConsentEvent.objects.filter(
                kind=EventKind.REMINDED, at__gte=timezone.now() - REMINDER_GAP
            ).values_list("guardian_id", flat=True)
        )
        skipped, to_remind, reminded_guardians = Counter(), [], set()
        for link in links:
            if not link.guardian.email:
                skipped["no_email"] += 1
            elif link.guardian_id in recently or link.guardian_id in reminded_guardians:
                skipped["reminded_recently"] += 1
            else:
                to_remind.append(link)
                reminded_guardians.add(link.guardian_id)
        ConsentEvent.objects.bulk_create(
            ConsentEvent(
                request_id=link.request_id,
                kind=EventKind.REMINDED,
                user=user,
                guardian_id=link.guardian_id,
                detail=link.guardian.email,
            )
            for link in to_remind
        )
        if to_remind:
            enqueue(
                "consent.tasks.send_reminders",
                link_ids=[link.pk for link in to_remind],
                since=timezone.now().isoformat(),
            )
    return {"queued": len(to_remind), "skipped": dict(skipped)}


REMINDER_SKIP_REASONS = {
    "no_email": gettext_lazy("Guardian has no email address (print a letter instead)"),
    "reminded_recently": gettext_lazy("Guardian was reminded in the last 3 days"),
}


def consent_renew(*, issued_by, program: TextingProgram, school: School, from_year, to_year):
    """A renewal campaign: issues ``to_year`` requests to every student covered in
    ``from_year``, through consent_issue (so it is idempotent in the same way)."""
    if to_year.first_day <= from_year.last_day:
        raise ConsentError(
            code="renewal_year_not_later", message=_("Renewal asks for a later school year.")
        )
    covered = annotate_coverage(
        Student.objects.filter(school=school, active=True),
        program=program,
        day=day_in_year(from_year),
    ).filter(coverage_code="covered")
    student_ids = list(covered.values_list("student_id", flat=True))
    if not student_ids:
        raise ConsentError(
            code="nobody_covered",
            message=_("No student is covered for %(program)s in %(year)s."),
            params={"program": program.name, "year": from_year.label},
        )
    return consent_issue(
        issued_by=issued_by,
        program=program,
        school_year=to_year,
        school=school,
        student_ids=student_ids,
        scope=f"Renewal of {from_year.label}",
    )
