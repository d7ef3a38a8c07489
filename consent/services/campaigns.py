"""District-wide campaigns: one program issued to every eligible school (or a chosen set) by
ITS. campaign_plan counts who it reaches; campaign_issue records the campaign and queues its
first chunk; campaign_chunk_run issues one school per transaction until none is left."""

import time
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal.queue import enqueue
from consent.coverage import annotate_coverage, day_in_year
from consent.i18n import guardian_language
from consent.models import Campaign, CampaignSchool, CampaignStatus, TextingProgram
from consent.services.errors import ConsentError
from consent.services.forms_text import current_form_text, translations_check
from consent.services.issuing import (
    SKIP_CODES,
    issue_batch_write,
    issue_plan,
    issuing_check,
)
from roster.access import Action, can
from roster.models import School, SchoolKind, SchoolYear, Student, StudentGuardian

# A chunk task issues schools one transaction each until it has worked CHUNK_SECONDS (or
# CHUNK_SCHOOLS schools), then queues the next chunk: a crash loses at most one school's work
# (rolled back; the retried chunk resumes at that school), the worker's per-task overhead is
# paid once per second rather than per school, and interactive work waits at most one chunk.
CHUNK_SECONDS = 1.0
CHUNK_SCHOOLS = 50
# Chains of chunks run side by side (each school locked by the one issuing it, skipped by the
# other): with two or more workers a campaign uses two cores; with one worker they alternate.
CHAINS = 2
# PostgreSQL plans a school's coverage query on its statistics of consent_consentrequest, read
# before the campaign: the new program has "no" requests, so the plan starts from them (all the
# program's rows so far, 200,000 late in a campaign: 0.5 s a school, growing with each) instead
# of from the school's students (5 ms). The chunk that completes the 16th, 32nd, 64th ... school
# analyzes the table (0.4 s), once the program's rows outnumber any school's students.
ANALYZE_FROM_SCHOOLS = 16


def eligible_schools(program: TextingProgram):
    """The schools a campaign of ``program`` may reach: active, not exempt (charter), and the
    program's own school when it is limited to one."""
    schools = School.objects.filter(active=True).exclude(kind=SchoolKind.CHARTER)
    if program.school_id is not None:
        schools = schools.filter(pk=program.school_id)
    return schools.order_by("name", "pk")


@dataclass
class CampaignPlan:
    """The counts a campaign would reach, read now over every chosen school: students to
    ask, their guardians (by email / by letter, by language), and the skipped students by
    reason (their pks; ``skipped_named`` names the first few)."""

    schools: int = 0
    students: int = 0
    by_email: int = 0
    by_letter: int = 0
    languages: Counter = field(default_factory=Counter)
    skipped: dict = field(default_factory=dict)  # {reason: [student pk, ...]}

    @property
    def guardians(self) -> int:
        return self.by_email + self.by_letter

    def skipped_counts(self) -> dict:
        return {reason: len(pks) for reason, pks in self.skipped.items()}

    def skipped_named(self, limit: int) -> dict:
        """{reason: the first ``limit`` skipped students (Student rows, by name)}, in one
        query."""
        first = {reason: pks[:limit] for reason, pks in self.skipped.items()}
        students = Student.objects.in_bulk([pk for pks in first.values() for pk in pks])
        return {reason: [students[pk] for pk in pks] for reason, pks in first.items()}


def campaign_plan(*, program, school_year, schools) -> CampaignPlan:
    """Who a campaign over ``schools`` would ask: issue_plan's rule (coverage codes, no
    guardian with educational rights) for many schools at once, in two queries read as
    tuples (a district is 320,000 students)."""
    return _campaign_plan(program, school_year, list(schools.values_list("pk", flat=True)))


def _campaign_plan(program, school_year, school_ids) -> CampaignPlan:
    students = annotate_coverage(
        Student.objects.filter(school_id__in=school_ids, active=True),
        program=program,
        day=day_in_year(school_year),
    ).order_by("last_name", "first_name", "pk")
    holders = {}
    for student_id, email, language in StudentGuardian.objects.filter(
        has_educational_rights=True, student__school_id__in=school_ids, student__active=True
    ).values_list("student_id", "guardian__email", "guardian__preferred_language"):
        holders.setdefault(student_id, []).append((email, language))
    plan = CampaignPlan(schools=len(school_ids))
    languages = Counter()
    for pk, code in students.values_list("pk", "coverage_code"):
        if code in SKIP_CODES:
            plan.skipped.setdefault(code, []).append(pk)
            continue
        guardians = holders.get(pk)
        if not guardians:
            plan.skipped.setdefault("no_rights_holder", []).append(pk)
            continue
        plan.students += 1
        for email, language in guardians:
            if email:
                plan.by_email += 1
            else:
                plan.by_letter += 1
            languages[language] += 1
    for language, count in languages.items():
        plan.languages[guardian_language(_Reader(language))] += count
    return plan


class _Reader:
    """A guardian's language for consent.i18n.guardian_language, without the row."""

    def __init__(self, preferred_language):
        self.preferred_language = preferred_language


def campaign_check(*, program, school_year, schools=None):
    """The schools a campaign would reach (a queryset), or the ConsentError consent_issue
    would raise: an inactive program, an ended year, no form text, a chosen school that may
    not be asked (a charter, another school's program: refused, not dropped unseen)."""
    chosen = eligible_schools(program)
    if schools is not None:
        chosen = chosen.filter(pk__in=[school.pk for school in schools])
    for school in schools or []:
        issuing_check(school=school, program=program, school_year=school_year)
    first = chosen.first()
    if first is None:
        raise ConsentError(
            code="nothing_to_issue",
            message=_("Nobody would be asked: every chosen student is skipped."),
        )
    issuing_check(school=first, program=program, school_year=school_year)
    if current_form_text(program) is None:
        raise ConsentError(
            code="no_form_text",
            message=_("%(program)s has no consent form text yet; ITS must add one."),
            params={"program": program.name},
        )
    return chosen


def campaign_issue(
    *,
    program: TextingProgram,
    school_year: SchoolYear,
    schools=None,
    actor,
    english_with_note: bool = False,
    preview_token: str | None = None,
) -> Campaign:
    """Starts a campaign: ``program`` for ``school_year`` at ``schools`` (None: every
    eligible school). Refuses as consent_issue does (an inactive program, an ended year, no
    form text, "nothing_to_issue" when nobody would be asked, "no_translation" unless
    ``english_with_note``); a second call with the same ``preview_token`` returns the first
    campaign.

    Side effects: a Campaign and one CampaignSchool per chosen eligible school;
    queued in the same transaction, the first chunk of each of CHAINS chains
    (consent.tasks.campaign_chunk), which
    writes each school's IssueBatch, requests, links and events and queues its emails."""
    if not can(actor, Action.ISSUE_CAMPAIGN):
        raise PermissionDenied
    chosen = campaign_check(program=program, school_year=school_year, schools=schools)
    with transaction.atomic():
        if preview_token:
            earlier = Campaign.objects.filter(preview_token=preview_token).first()
            if earlier is not None:
                return earlier
        plan = campaign_plan(program=program, school_year=school_year, schools=chosen)
        if not plan.students:
            raise ConsentError(
                code="nothing_to_issue",
                message=_("Nobody would be asked: every chosen student is skipped."),
            )
        translations_check(program, plan.languages, english_with_note=english_with_note)
        school_ids = list(chosen.values_list("pk", flat=True))
        campaign = Campaign.objects.create(
            program=program,
            school_year=school_year,
            issued_by=actor,
            scope="Every eligible school" if schools is None else f"{len(school_ids)} schools",
            english_with_note=english_with_note,
            preview_token=preview_token or None,
            schools_total=len(school_ids),
        )
        CampaignSchool.objects.bulk_create(
            [CampaignSchool(campaign=campaign, school_id=pk) for pk in school_ids]
        )
        for _chain in range(min(CHAINS, len(school_ids))):
            enqueue("consent.tasks.campaign_chunk", campaign_id=campaign.pk)
    return campaign


def campaign_chunk_run(*, campaign_id: int) -> int:
    """Issues the campaign's next schools not done yet (for CHUNK_SECONDS), each in its own
    transaction that also marks it done and adds to the campaign's counts, then queues the
    next chunk (or marks the campaign done). Safe to run again after a crash or twice at once:
    a school is locked while it is issued and skipped once done. Returns schools issued.

    Side effects per school: what consent_issue writes (an IssueBatch, requests, links,
    "issued" events, the links' email task at bulk priority); a school that refuses now
    (nobody left to ask, exempt, ...) is marked done with the refusal's code. After the
    commit of the campaign's 16th, 32nd, 64th ... school, ANALYZE of the requests table."""
    done, started = 0, time.monotonic()
    while True:
        with transaction.atomic():
            entry = (
                CampaignSchool.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("campaign__program", "campaign__school_year", "school")
                .filter(campaign_id=campaign_id, done_at__isnull=True)
                .order_by("pk")
                .first()
            )
            if entry is None:
                _campaign_finish(campaign_id)
                return done
            schools_done = _school_issue(entry)
            done += 1
            last = done >= CHUNK_SCHOOLS or time.monotonic() - started >= CHUNK_SECONDS
            if last:
                # The next chunk is queued with this school's rows: a crash before the commit
                # loses neither (the retry of this chunk redoes the school and queues it).
                enqueue("consent.tasks.campaign_chunk", campaign_id=campaign_id)
        if _statistics_due(schools_done):
            _requests_analyze()
        if last:
            return done


def _statistics_due(schools_done: int) -> bool:
    """A power of two from ANALYZE_FROM_SCHOOLS on: 16, 32, 64 ... (the two chains count
    the same campaign row, so each number is reached by one school only)."""
    return schools_done >= ANALYZE_FROM_SCHOOLS and schools_done & (schools_done - 1) == 0


def _requests_analyze() -> None:
    """Fresh planner statistics for the requests table (see ANALYZE_FROM_SCHOOLS), outside
    the school's transaction; SQLite (the demo) has no such plan to correct."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE consent_consentrequest")


def _school_issue(entry: CampaignSchool) -> int:
    """Issues ``entry``'s school, marks it done and counts it; returns the campaign's schools
    done, this one included (its row is locked by the count until the commit)."""
    campaign, school = entry.campaign, entry.school
    # The school's issuing lock, as consent_issue takes it: a principal issuing at the same
    # time waits, and whoever comes second skips the students the first asked.
    School.objects.select_for_update().get(pk=school.pk)
    counts = {"requests_created": 0, "emails_queued": 0, "letters": 0}
    try:
        issuing_check(school=school, program=campaign.program, school_year=campaign.school_year)
        plan = issue_plan(
            program=campaign.program,
            school_year=campaign.school_year,
            school=school,
            scope=f"Campaign: {campaign.scope}",
            lean=True,
        )
        if not plan.to_issue:
            raise ConsentError(code="nothing_to_issue", message="")
        missing = translations_check(
            campaign.program, plan.languages(), english_with_note=campaign.english_with_note
        )
    except ConsentError as error:
        entry.outcome = error.code
    else:
        entry.batch = issue_batch_write(
            plan=plan,
            program=campaign.program,
            school_year=campaign.school_year,
            school=school,
            issued_by=campaign.issued_by,
            untranslated=missing,
        )
        counts = {
            "requests_created": entry.batch.issued_count,
            "emails_queued": entry.batch.emails,
            "letters": entry.batch.letters,
        }
        skipped = plan.skipped_counts()
        if skipped:
            # Summed under the campaign's lock (the batches keep the students' names).
            locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
            total = Counter(locked.skipped) + Counter(skipped)
            Campaign.objects.filter(pk=campaign.pk).update(skipped=dict(total))
    entry.done_at = timezone.now()
    entry.save(update_fields=["batch", "outcome", "done_at"])
    Campaign.objects.filter(pk=campaign.pk).update(
        schools_done=F("schools_done") + 1,
        **{name: F(name) + value for name, value in counts.items()},
    )
    return Campaign.objects.values_list("schools_done", flat=True).get(pk=campaign.pk)


def _campaign_finish(campaign_id: int) -> None:
    """Done when no school is left, counting one another chain is issuing now (its row is
    locked, so this chain's skip_locked read did not see it): that chain finishes it."""
    if CampaignSchool.objects.filter(campaign_id=campaign_id, done_at__isnull=True).exists():
        return
    Campaign.objects.filter(Q(pk=campaign_id), Q(status=CampaignStatus.RUNNING)).update(
        status=CampaignStatus.DONE, finished_at=timezone.now()
    )
