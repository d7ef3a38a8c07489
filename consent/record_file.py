"""A student's texting consent as it stands in the cumulative record: per school year and
program, the whole story in order, each step with the document filed for it.

Read from the requests, their evidence (answer, countersignature, withdrawal) and their
events in three queries, whatever the history. Each kind of step comes from one small source
function (``SOURCES``): a new kind of step is one more
function, plus its ``select_related`` / ``Prefetch`` in ``_requests``."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from consent.coverage import Coverage
from consent.models import ConsentEvent, ConsentRequest, EventKind, PhoneChange
from roster.models import CumulativeDocument, SchoolYear, Student

# Delivery steps told by events; the answer, countersignature and withdrawal come from the
# evidence itself (their events would only repeat it).
EVENT_STEPS = (
    EventKind.ISSUED,
    EventKind.EMAILED,
    EventKind.REMINDED,
    EventKind.LETTER_PRINTED,
    EventKind.VERIFIED,
    EventKind.BLOCKED,
    EventKind.LINK_REPLACED,
)


@dataclass(frozen=True)
class Entry:
    """One step of the story: when, what, who, how, and the document filed for it."""

    at: datetime.datetime
    what: str
    by: str = ""
    how: str = ""
    detail: str = ""
    document: CumulativeDocument | None = None


@dataclass
class Story:
    """One program in one school year; ``coverage`` (the one rule's answer today) is set for
    the school year in session."""

    school_year: SchoolYear
    program: object
    entries: list[Entry] = field(default_factory=list)
    coverage: Coverage | None = None


# --- The sources: each gives one request's entries of its kind ---------------------------


def _events(request, today):
    opened = set()
    for event in request.events.all():
        if event.kind == EventKind.VERIFIED:
            # The first time each guardian got in is the link's opening; later visits aren't.
            if event.guardian_id in opened:
                continue
            opened.add(event.guardian_id)
            what = "Link opened (date of birth verified)"
        else:
            what = event.get_kind_display()
        by = event.guardian.full_name if event.guardian else ""
        if event.user:
            by = event.user.get_full_name() or event.user.get_username()
        yield Entry(at=event.at, what=what, by=by, detail=event.detail)


def _answer(request, today):
    record = getattr(request, "record", None)
    if record is None:
        return
    if record.is_paper:
        recorder = record.recorded_by
        name = (recorder.get_full_name() or recorder.get_username()) if recorder else "staff"
        how = f"On paper, dated {record.form_date:%Y-%m-%d}; recorded by {name}"
    else:
        how = "Through the guardian's own link"
    yield Entry(
        at=record.signed_at,
        what=f"Answered: {record.get_decision_display().lower()}",
        by=f"{record.signer_name} ({record.get_relationship_display().lower()})",
        how=how,
        detail=f"SHA-256 {record.sha256}",
        document=record.document,
    )


def _countersignature(request, today):
    countersignature = getattr(getattr(request, "record", None), "countersignature", None)
    if countersignature is None:
        return
    yield Entry(
        at=countersignature.signed_at,
        what=countersignature.get_decision_display(),
        by=f"{countersignature.principal_name}, {countersignature.position}",
        detail=countersignature.reason,
        document=countersignature.document,
    )


def _withdrawal(request, today):
    revocation = getattr(getattr(request, "record", None), "revocation", None)
    if revocation is None:
        return
    yield Entry(
        at=revocation.revoked_at,
        what="Withdrawn",
        by=revocation.guardian.full_name,
        detail=f"Reason: {revocation.reason}",
        document=revocation.document,
    )


def _phone_changes(request, today):
    record = getattr(request, "record", None)
    for change in record.phone_changes.all() if record else ():
        numbers = [f"student's mobile {change.old_student_mobile} → {change.new_student_mobile}"]
        if change.new_parent_mobile != change.old_parent_mobile:
            numbers.append(
                f"guardian's mobile {change.old_parent_mobile} → {change.new_parent_mobile}"
            )
        yield Entry(
            at=change.changed_at,
            what="Phone numbers changed",
            by=change.guardian.full_name,
            how="Through the guardian's own link",
            detail="; ".join(numbers),
            document=change.document,
        )


def _lapse(request, today):
    record = getattr(request, "record", None)
    year = request.school_year
    if record is None or not record.is_grant or hasattr(record, "revocation"):
        return
    if year.last_day < today:
        end = datetime.datetime.combine(year.last_day, datetime.time.max)
        yield Entry(
            at=timezone.make_aware(end),
            what="Lapsed at the end of the school year",
            detail="Consent is valid only for the school year in which it is signed.",
        )


SOURCES = (_events, _answer, _countersignature, _phone_changes, _withdrawal, _lapse)


def _requests(student: Student):
    return (
        ConsentRequest.objects.filter(student=student)
        .select_related(
            "program",
            "school_year",
            "record__guardian",
            "record__recorded_by",
            "record__document",
            "record__countersignature__document",
            "record__revocation__guardian",
            "record__revocation__document",
        )
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ConsentEvent.objects.filter(kind__in=EVENT_STEPS)
                .select_related("user", "guardian")
                .order_by("at", "pk"),
            ),
            Prefetch(
                "record__phone_changes",
                queryset=PhoneChange.objects.select_related("guardian", "document"),
            ),
        )
        .order_by("created_at", "pk")
    )


def record_stories(*, student: Student, answers, today=None) -> list[Story]:
    """The student's stories, newest school year first, then by program. ``answers`` are
    coverage_by_program's (program, Coverage) for today: the story of the school year in
    session shows that answer, so this page says what the check page and dashboard say."""
    today = today or timezone.localdate()
    now = {program.pk: coverage for program, coverage in answers}
    stories: dict[tuple, Story] = {}
    for request in _requests(student):
        year = request.school_year
        story = stories.setdefault(
            (year.pk, request.program_id), Story(school_year=year, program=request.program)
        )
        if year.first_day <= today <= year.last_day:
            story.coverage = now.get(request.program_id)
        for source in SOURCES:
            story.entries.extend(source(request, today))
    for story in stories.values():
        story.entries.sort(key=lambda entry: entry.at)
    return sorted(
        stories.values(), key=lambda s: (-s.school_year.first_day.toordinal(), s.program.name)
    )
