"""Who may text a student under a program: the coverage rule (consent.coverage) for the
student, and for programs that need designated staff (safety meet-ups), the asker's
designation. "May I text?" (page and API) asks here."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from consent.coverage import Coverage, coverage_by_program
from consent.models import Activity, Designation
from roster.models import School, User

NOT_DESIGNATED = "not_designated"
NOT_DESIGNATED_LABEL = gettext_lazy("Not designated")


@dataclass(frozen=True)
class Answer:
    """May this person text this student under this program today, and if not, why."""

    allowed: bool
    code: str  # a coverage code (consent.coverage.STATUSES), or NOT_DESIGNATED
    label: str
    reason: str
    coverage: Coverage
    activity: Activity | None = None  # the activity the covering consent names, if any
    designation_required: bool = False


def _not_designated_reason(activity) -> str:
    if activity is not None:
        return gettext(
            "The student is covered, but you are not designated for “%(activity)s”, the "
            "activity the consent names. Only designated staff may text under this program."
        ) % {"activity": activity.name}
    return gettext(
        "The student is covered, but you are not designated for any activity of this "
        "program at the student's school. Only designated staff may text under this program."
    )


def texting_answers(*, student, programs, staff: User | None, day=None) -> list[tuple]:
    """(program, Answer) for each of ``programs``: may ``staff`` text ``student`` on ``day``?

    The rule, one place for the check page and the API:

    * **Yes** only when the student is covered (``consent.coverage``, unchanged) **and** the
      asker may text under the program.
    * A program that does not need designation: every staff member who may check may text
      a covered student.
    * A program that needs designation (``TextingProgram.needs_designation``, the safety
      meet-up program): the asker must hold a current designation (not removed) for an
      activity of that program at the student's school that has not ended on ``day``:
      **the activity the covering consent names**, or, when that consent names none,
      **any** such activity. Otherwise the answer is "No" with the code ``not_designated``.
    * ``staff=None`` (the texting system asking without naming a person): designation is
      not checked; ``designation_required`` tells the caller it must be.

    Queries: at most two whatever the number of programs: coverage_by_program's one (the
    student's requests with their answers and the activities they name; a second only when
    the student has no request, and then nobody is covered), and the asker's designations
    (only when a covered program needs them).
    """
    day = day or timezone.localdate()
    answers = coverage_by_program(student=student, programs=programs, day=day)
    gated = [p.pk for p, c in answers if c.allowed and p.needs_designation]
    designated: dict[int, set[int]] = {}
    if gated and staff is not None:
        rows = Designation.objects.filter(
            Q(activity__ends_on__isnull=True) | Q(activity__ends_on__gte=day),
            staff=staff,
            removed_at__isnull=True,
            activity__school_id=student.school_id,
            activity__program__in=gated,
        ).values_list("activity__program_id", "activity_id")
        for program_id, activity_id in rows:
            designated.setdefault(program_id, set()).add(activity_id)
    result = []
    for program, coverage in answers:
        activity = coverage.record.request.activity if coverage.record else None
        answer = Answer(
            allowed=coverage.allowed,
            code=coverage.code,
            label=coverage.label,
            reason=coverage.reason,
            coverage=coverage,
            activity=activity,
            designation_required=program.needs_designation,
        )
        if program.pk in gated and staff is not None:
            mine = designated.get(program.pk, set())
            if not (activity.pk in mine if activity is not None else mine):
                answer = Answer(
                    allowed=False,
                    code=NOT_DESIGNATED,
                    label=NOT_DESIGNATED_LABEL,
                    reason=_not_designated_reason(activity),
                    coverage=coverage,
                    activity=activity,
                    designation_required=True,
                )
        result.append((program, answer))
    return result


def designatable_staff(school: School):
    """The staff who may be designated at ``school``: its teachers and principals."""
    return (
        User.objects.filter(is_active=True, staff_roles__school=school)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def school_activities(school: School):
    """The school's activities with their current designations, in two queries."""
    current = Designation.objects.filter(removed_at__isnull=True).select_related(
        "staff", "designated_by"
    )
    return (
        Activity.objects.filter(school=school)
        .select_related("program")
        .prefetch_related(Prefetch("designations", queryset=current, to_attr="current"))
        .order_by("program__position", "name")
    )
