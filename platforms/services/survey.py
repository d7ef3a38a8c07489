"""The schools' platform survey: its services (open, delegate, answer, submit, remind) and
selectors (who may answer for which school, response rates, the ITS overview's counts).

A school's answers are ``PlatformUse`` rows of the survey's school year; a tool the school
names that the district does not know is registered through ``platform_register``."""

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal.queue import enqueue
from platforms.models import (
    Consult,
    PlatformSurvey,
    PlatformUse,
    SurveyDelegate,
    SurveyReminder,
    SurveyResponse,
)
from platforms.services import platform_register
from platforms.workflow import PlatformRefused
from roster.access import Action, can, schools_for
from roster.models import Role, School, SchoolKind, User

REMINDER_TASK = "platforms.tasks.send_survey_reminder"


class SurveyRefused(PlatformRefused):
    """A survey rule refused the change (``code``, lazy ``message``)."""


# Selectors ---------------------------------------------------------------------------------


def surveyed_schools():
    """The schools a survey asks: active and not charter (charter schools are exempt)."""
    return School.objects.filter(active=True).exclude(kind=SchoolKind.CHARTER)


def answerable_responses(user):
    """The responses ``user`` may see and edit: their schools' (principals, ITS), or those of
    a school whose principal delegated them for that survey."""
    delegated = SurveyDelegate.objects.filter(
        survey=OuterRef("survey"), school=OuterRef("school"), delegate=user
    )
    own = schools_for(user, Action.ANSWER_PLATFORM_SURVEY)
    return (
        SurveyResponse.objects.annotate(delegated=Exists(delegated))
        .filter(Q(school__in=own) | Q(delegated=True))
        .select_related("survey__school_year", "school", "submitted_by")
    )


def response_for(user, survey_pk: int, school_code: str) -> SurveyResponse:
    """The response of school ``school_code`` to survey ``survey_pk``, if ``user`` may answer
    for that school; else 404 (another school's answers are not shown to exist)."""
    response = (
        answerable_responses(user).filter(survey_id=survey_pk, school__code=school_code).first()
    )
    if response is None:
        raise Http404("No such response among yours.")
    return response


def response_answers(response: SurveyResponse):
    return (
        PlatformUse.objects.filter(
            school_id=response.school_id, school_year_id=response.survey.school_year_id
        )
        .select_related("platform")
        .order_by("platform__product", "pk")
    )


def response_rates(survey: PlatformSurvey):
    """Each school's response with its tool count and last reminder day (one query)."""
    tools = PlatformUse.objects.filter(
        school_id=OuterRef("school_id"), school_year_id=survey.school_year_id
    )
    reminders = SurveyReminder.objects.filter(survey=survey, school_id=OuterRef("school_id"))
    return (
        survey.responses.select_related("school", "submitted_by")
        .annotate(
            tool_count=_subquery_count(tools),
            last_reminded=reminders.order_by("-day").values("day")[:1],
        )
        .order_by("school__name")
    )


def _subquery_count(queryset):
    counted = queryset.order_by().values("school_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def overview_counts() -> dict:
    """The ITS overview's survey and consult counts (three queries): the latest survey, how
    many schools it asks and how many answered, and the consults waiting for ITS."""
    survey = PlatformSurvey.objects.select_related("school_year").first()
    counts = {"survey": survey, "asked": 0, "answered": 0, "rate": None}
    if survey is not None:
        totals = survey.responses.aggregate(
            asked=Count("pk"), answered=Count("pk", filter=Q(submitted_at__isnull=False))
        )
        counts.update(totals)
        if totals["asked"]:
            counts["rate"] = round(100 * totals["answered"] / totals["asked"])
    counts["consults_waiting"] = Consult.objects.filter(answer="").count()
    return counts


def delegate_candidates(school: School):
    """The school's staff a principal may delegate: its active teachers and staff."""
    return (
        User.objects.filter(
            is_active=True, staff_roles__school=school, staff_roles__role=Role.TEACHER
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# Services ----------------------------------------------------------------------------------


def survey_open(*, user, school_year, due) -> PlatformSurvey:
    """Opens the survey of ``school_year`` (one a year), due on ``due``; writes one response
    row per surveyed school (not yet answered)."""
    if not can(user, Action.AUDIT_PLATFORMS):
        raise SurveyRefused(code="not_allowed", message=_("Only ITS opens the survey."))
    if due < timezone.localdate():
        raise SurveyRefused(code="due_past", message=_("Choose a due date from today on."))
    with transaction.atomic():
        # The year's row lock makes two openings of the same year wait for each other.
        type(school_year).objects.select_for_update().get(pk=school_year.pk)
        if PlatformSurvey.objects.filter(school_year=school_year).exists():
            raise SurveyRefused(
                code="survey_exists",
                message=_("The survey of %(year)s is already open."),
                params={"year": school_year},
            )
        survey = PlatformSurvey.objects.create(school_year=school_year, due=due, opened_by=user)
        SurveyResponse.objects.bulk_create(
            SurveyResponse(survey=survey, school=school) for school in surveyed_schools()
        )
    return survey


def _editable(response: SurveyResponse) -> SurveyResponse:
    """The response locked, if its survey is not past its due date."""
    locked = SurveyResponse.objects.select_for_update().select_related("survey").get(pk=response.pk)
    if timezone.localdate() > locked.survey.due:
        raise SurveyRefused(
            code="survey_closed",
            message=_("The survey closed on %(due)s: answers can no longer change."),
            params={"due": locked.survey.due},
        )
    return locked


def survey_answer_add(
    *, user, response: SurveyResponse, platform=None, vendor="", product="", **details
) -> PlatformUse:
    """Records that the school uses ``platform``, or the tool ``vendor``'s ``product``
    (registered as a platform to audit when the district does not know it). Naming a tool
    the school already listed updates its details. Side effects: maybe a new Platform and its
    event; the PlatformUse row; the response stops saying "no tools"."""
    with transaction.atomic():
        locked = _editable(response)
        if platform is None:
            platform, _created = platform_register(user=user, vendor=vendor, product=product)
        use, _created = PlatformUse.objects.update_or_create(
            school_id=locked.school_id,
            platform=platform,
            school_year_id=locked.survey.school_year_id,
            defaults=details,
        )
        if locked.no_tools:
            locked.no_tools = False
            locked.save(update_fields=["no_tools"])
    return use


def survey_answer_remove(*, user, response: SurveyResponse, use_pk: int) -> None:
    """Removes one of the school's answers (a tool it no longer lists); a second click finds
    nothing to remove and does nothing."""
    with transaction.atomic():
        locked = _editable(response)
        PlatformUse.objects.filter(
            pk=use_pk, school_id=locked.school_id, school_year_id=locked.survey.school_year_id
        ).delete()


def survey_submit(*, user, response: SurveyResponse, no_tools: bool) -> SurveyResponse:
    """Marks the school as answered, by ``user`` now (again after later edits). A school that
    lists no tools must say so (``no_tools``)."""
    with transaction.atomic():
        locked = _editable(response)
        has_tools = response_answers(locked).exists()
        if not has_tools and not no_tools:
            raise SurveyRefused(
                code="nothing_listed",
                message=_("List the tools the school uses, or tick that it uses none."),
            )
        locked.no_tools = not has_tools
        locked.submitted_at = timezone.now()
        locked.submitted_by = user
        locked.save(update_fields=["no_tools", "submitted_at", "submitted_by"])
    return locked


def survey_delegate_add(*, user, response: SurveyResponse, delegate: User) -> SurveyDelegate:
    """The principal (or ITS) names a staff member of the school to answer for it."""
    if not can(user, Action.ANSWER_PLATFORM_SURVEY, response.school):
        raise SurveyRefused(
            code="not_allowed", message=_("Only the school's principal names delegates.")
        )
    if not delegate_candidates(response.school).filter(pk=delegate.pk).exists():
        raise SurveyRefused(
            code="not_school_staff", message=_("Choose a staff member of this school.")
        )
    with transaction.atomic():
        row, _created = SurveyDelegate.objects.get_or_create(
            survey_id=response.survey_id,
            school_id=response.school_id,
            delegate=delegate,
            defaults={"named_by": user},
        )
    return row


def survey_delegate_remove(*, user, response: SurveyResponse, delegate_pk: int) -> None:
    if not can(user, Action.ANSWER_PLATFORM_SURVEY, response.school):
        raise SurveyRefused(
            code="not_allowed", message=_("Only the school's principal names delegates.")
        )
    with transaction.atomic():
        SurveyDelegate.objects.filter(
            pk=delegate_pk, survey_id=response.survey_id, school_id=response.school_id
        ).delete()


def survey_remind(*, user, survey: PlatformSurvey) -> int:
    """Queues a reminder to each school that has not answered and was not reminded today
    (at most one a day per school); returns how many were queued."""
    if not can(user, Action.AUDIT_PLATFORMS):
        raise SurveyRefused(code="not_allowed", message=_("Only ITS sends reminders."))
    today = timezone.localdate()
    with transaction.atomic():
        # The survey's row lock makes two clicks wait for each other: the second finds
        # today's reminders and queues none.
        PlatformSurvey.objects.select_for_update().get(pk=survey.pk)
        reminded_today = SurveyReminder.objects.filter(survey=survey, day=today)
        school_ids = list(
            survey.responses.filter(submitted_at__isnull=True)
            .exclude(school_id__in=reminded_today.values("school_id"))
            .values_list("school_id", flat=True)
        )
        reminders = SurveyReminder.objects.bulk_create(
            SurveyReminder(survey=survey, school_id=pk, day=today, queued_by=user)
            for pk in school_ids
        )
        for reminder in reminders:
            enqueue(REMINDER_TASK, reminder_id=reminder.pk)
    return len(reminders)


def reminder_recipients(reminder: SurveyReminder) -> list[User]:
    """The school's principals and the survey's delegates for it, with an email address."""
    principals = Q(staff_roles__role=Role.PRINCIPAL, staff_roles__school_id=reminder.school_id)
    delegates = Q(
        pk__in=SurveyDelegate.objects.filter(
            survey_id=reminder.survey_id, school_id=reminder.school_id
        ).values("delegate")
    )
    return list(
        User.objects.filter(principals | delegates, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def survey_reminder_send(*, reminder_id: int, send) -> bool:
    """Sends one reminder (``send(reminder, recipients)`` builds and sends the emails) and
    marks it sent; a reminder already sent is not sent again. Returns whether it sent."""
    with transaction.atomic():
        reminder = (
            SurveyReminder.objects.select_for_update()
            .select_related("survey__school_year", "school")
            .get(pk=reminder_id)
        )
        if reminder.sent_at is not None:
            return False
        recipients = reminder_recipients(reminder)
        send(reminder, recipients)
        reminder.sent_at = timezone.now()
        reminder.recipients = len(recipients)
        reminder.save(update_fields=["sent_at", "recipients"])
    return True
