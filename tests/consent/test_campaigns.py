"""District-wide campaigns: the rows they write are the rows an issue to each school writes;
a chunk run again (after a crash or twice) creates nothing twice; the worker takes
interactive work before a campaign's bulk emails."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from consent.links import hash_token, token_for_nonce
from consent.models import (
    Campaign,
    CampaignSchool,
    CampaignStatus,
    ConsentEvent,
    ConsentLink,
    ConsentRequest,
    IssueBatch,
)
from consent.services.campaigns import campaign_chunk_run, campaign_issue, campaign_plan
from consent.services.errors import ConsentError
from consent.services.issuing import consent_issue
from roster.models import School
from tests.factories import (
    GuardianFactory,
    SchoolFactory,
    StudentFactory,
    StudentGuardianFactory,
)


def pupil(school, grade=10, emails=("parent@example.com",)):
    student = StudentFactory(school=school, grade=grade)
    for email in emails:
        StudentGuardianFactory(student=student, guardian=GuardianFactory(email=email))
    return student


@pytest.fixture
def district(school_a, school_b, charter_school):
    """Two schools with four students to ask (five guardians, one by letter) and one with
    nobody holding rights, and a charter school the campaign never reaches."""
    pupil(school_a, emails=("a1@example.com", "a2@example.com"))
    pupil(school_a, emails=("",))  # a printed letter
    StudentFactory(school=school_a, grade=10)  # no guardian with educational rights
    pupil(school_b, emails=("b1@example.com",))
    pupil(school_b, grade=3, emails=("b3@example.com",))
    pupil(charter_school, emails=("c@example.com",))
    return school_a, school_b


def rows(school):
    """A school's issuing rows without their ids, tokens and times."""
    batch = IssueBatch.objects.get(school=school)
    return {
        "batch": (
            batch.program_id,
            batch.school_year_id,
            batch.issued_by_id,
            batch.issued_count,
            batch.skipped,
            {reason: sorted(pks) for reason, pks in batch.skipped_students.items()},
        ),
        "requests": sorted(
            ConsentRequest.objects.filter(batch=batch).values_list(
                "student_id", "school_id", "program_id", "school_year_id", "activity_id", "status"
            )
        ),
        "links": sorted(
            ConsentLink.objects.filter(request__batch=batch).values_list(
                "request__student_id", "guardian_id", "code_hash", "send_error", "failed_checks"
            )
        ),
        "events": sorted(
            ConsentEvent.objects.filter(request__batch=batch).values_list(
                "request__student_id", "kind", "user_id", "guardian_id", "detail"
            )
        ),
    }


def test_campaign_writes_the_rows_an_issue_to_each_school_writes(
    district, its_reviewer, bulk_alerts, school_year, mailoutbox
):
    # Arrange: what consent_issue writes for each school, rolled back afterwards.
    expected = {}
    for school in district:
        with transaction.atomic():
            consent_issue(
                issued_by=its_reviewer, program=bulk_alerts, school_year=school_year, school=school
            )
            expected[school.pk] = rows(school)
            transaction.set_rollback(True)
    mailoutbox.clear()

    # Act
    campaign = campaign_issue(program=bulk_alerts, school_year=school_year, actor=its_reviewer)

    # Assert
    campaign.refresh_from_db()
    assert {school.pk: rows(school) for school in district} == expected
    assert (campaign.status, campaign.schools_total, campaign.schools_done) == (
        CampaignStatus.DONE,
        2,
        2,
    )
    assert (campaign.requests_created, campaign.emails_queued, campaign.letters) == (4, 4, 1)
    assert campaign.skipped == {"no_rights_holder": 1}
    assert campaign.finished_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == [
        "a1@example.com",
        "a2@example.com",
        "b1@example.com",
        "b3@example.com",
    ]
    link = ConsentLink.objects.first()
    assert link.token_hash == hash_token(token_for_nonce(link.nonce))


def test_campaign_plan_counts_what_the_campaign_then_creates(
    district, its_reviewer, bulk_alerts, school_year
):
    plan = campaign_plan(
        program=bulk_alerts,
        school_year=school_year,
        schools=School.objects.filter(pk__in=[s.pk for s in district]),
    )

    campaign = campaign_issue(program=bulk_alerts, school_year=school_year, actor=its_reviewer)

    campaign.refresh_from_db()
    assert (plan.schools, plan.students, plan.by_email, plan.by_letter) == (2, 4, 4, 1)
    assert plan.skipped_counts() == campaign.skipped


def test_campaign_chunk_run_again_creates_nothing_twice(
    queued_tasks, district, its_reviewer, bulk_alerts, school_year, monkeypatch
):
    # Arrange: the campaign is recorded and its first chunk queued, not run; a chunk does
    # one school.
    monkeypatch.setattr("consent.services.campaigns.CHUNK_SCHOOLS", 1)
    campaign = campaign_issue(program=bulk_alerts, school_year=school_year, actor=its_reviewer)
    assert (
        list(queued_tasks.values_list("task_path", flat=True))
        == ["consent.tasks.campaign_chunk"] * 2
    )  # two chains

    # Act: a chunk whose worker died before its commit, then the same chunk run three times
    # (the retry, and a duplicate), and once more after the campaign finished.
    with pytest.raises(RuntimeError), transaction.atomic():
        campaign_chunk_run(campaign_id=campaign.pk)
        raise RuntimeError("worker killed")
    assert not ConsentRequest.objects.exists()
    issued = [campaign_chunk_run(campaign_id=campaign.pk) for _ in range(4)]

    # Assert
    campaign.refresh_from_db()
    assert issued == [1, 1, 0, 0]
    assert [row.task_path for row in queued_tasks].count("consent.tasks.campaign_chunk") == 4
    assert ConsentRequest.objects.count() == campaign.requests_created == 4
    assert IssueBatch.objects.count() == 2
    assert ConsentLink.objects.count() == 5
    assert (campaign.schools_done, campaign.status) == (2, CampaignStatus.DONE)
    assert not CampaignSchool.objects.filter(done_at__isnull=True).exists()


def test_campaign_school_already_done_is_skipped_by_the_retry(
    queued_tasks, district, its_reviewer, bulk_alerts, school_year, monkeypatch
):
    monkeypatch.setattr("consent.services.campaigns.CHUNK_SCHOOLS", 1)
    campaign = campaign_issue(program=bulk_alerts, school_year=school_year, actor=its_reviewer)
    campaign_chunk_run(campaign_id=campaign.pk)
    first = CampaignSchool.objects.get(done_at__isnull=False)

    campaign_chunk_run(campaign_id=campaign.pk)
    campaign_chunk_run(campaign_id=campaign.pk)

    assert IssueBatch.objects.filter(school=first.school).count() == 1
    assert ConsentRequest.objects.count() == 4


def test_campaign_second_send_with_the_token_returns_the_same_campaign(
    district, its_reviewer, bulk_alerts, school_year
):
    first = campaign_issue(
        program=bulk_alerts, school_year=school_year, actor=its_reviewer, preview_token="t" * 43
    )

    again = campaign_issue(
        program=bulk_alerts, school_year=school_year, actor=its_reviewer, preview_token="t" * 43
    )

    assert again == first
    assert Campaign.objects.count() == 1
    assert ConsentRequest.objects.count() == 4


def test_campaign_refuses_when_nobody_would_be_asked(
    school_a, its_reviewer, bulk_alerts, school_year
):
    with pytest.raises(ConsentError) as refused:
        campaign_issue(program=bulk_alerts, school_year=school_year, actor=its_reviewer)

    assert refused.value.code == "nothing_to_issue"
    assert not Campaign.objects.exists()


def test_campaign_refuses_a_chosen_charter_school(
    district, charter_school, its_reviewer, bulk_alerts, school_year
):
    with pytest.raises(ConsentError) as refused:
        campaign_issue(
            program=bulk_alerts,
            school_year=school_year,
            actor=its_reviewer,
            schools=[district[0], charter_school],
        )

    assert refused.value.code == "school_exempt"


def test_campaign_chosen_schools_only(district, its_reviewer, bulk_alerts, school_year):
    _school_a, school_b = district

    campaign = campaign_issue(
        program=bulk_alerts, school_year=school_year, actor=its_reviewer, schools=[school_b]
    )

    assert set(ConsentRequest.objects.values_list("school", flat=True)) == {school_b.pk}
    assert campaign.schools_total == 1


def test_campaign_refused_to_a_principal(district, principal_a, bulk_alerts, school_year):
    with pytest.raises(PermissionDenied):
        campaign_issue(program=bulk_alerts, school_year=school_year, actor=principal_a)


def test_worker_takes_a_pdf_before_bulk_emails_queued_first(queued_tasks, db):
    # Arrange: a campaign's emails queued first, then a parent's signed-record PDF.
    from consent import tasks

    with transaction.atomic():
        for batch_id in (1, 2, 3):
            tasks.send_batch_links.enqueue(batch_id=batch_id)
        tasks.campaign_chunk.enqueue(campaign_id=1)
        tasks.file_record_pdf.enqueue(record_id=7)

    # Act: the query the database worker takes its next task with.
    with transaction.atomic():
        next_task = DBTaskResult.objects.ready().get_locked()

    # Assert
    assert next_task.task_path == "consent.tasks.file_record_pdf"
    assert next_task.args_kwargs["kwargs"] == {"record_id": 7}


def test_campaign_chunk_issues_schools_until_its_time_is_up(
    queued_tasks, district, its_reviewer, bulk_alerts, school_year
):
    campaign = campaign_issue(program=bulk_alerts, school_year=school_year, actor=its_reviewer)

    issued = campaign_chunk_run(campaign_id=campaign.pk)

    campaign.refresh_from_db()
    assert (issued, campaign.schools_done, campaign.status) == (2, 2, CampaignStatus.DONE)
    # The chains' first chunks (queued by campaign_issue) only: this one finished the campaign.
    assert [row.task_path for row in queued_tasks].count("consent.tasks.campaign_chunk") == 2


def test_interactive_tasks_rank_above_campaign_chunks_above_bulk_email():
    from consent import tasks as consent_tasks
    from exceptions import tasks as exception_tasks
    from platforms import tasks as platform_tasks

    interactive = [
        consent_tasks.file_record_pdf,
        consent_tasks.file_revocation_pdf,
        consent_tasks.file_countersignature_pdf,
        consent_tasks.file_phone_change,
        consent_tasks.send_link,
        exception_tasks.file_decision_pdf,
        platform_tasks.send_consult_answer,
    ]
    bulk = [
        consent_tasks.send_batch_links,
        consent_tasks.send_reminders,
        platform_tasks.send_survey_reminder,
        exception_tasks.notify_reattest,
    ]

    chunk = consent_tasks.campaign_chunk.priority
    assert min(t.priority for t in interactive) > chunk > max(t.priority for t in bulk)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
@pytest.mark.parametrize(("schools", "analyzed"), [(15, False), (16, True)])
def test_campaign_analyzes_the_requests_at_its_16th_school(
    its_reviewer, bulk_alerts, school_year, schools, analyzed
):
    for n in range(schools):
        pupil(SchoolFactory(), emails=(f"p{n}@example.com",))
    campaign = campaign_issue(program=bulk_alerts, school_year=school_year, actor=its_reviewer)

    while campaign_chunk_run(campaign_id=campaign.pk):
        pass

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_vals::text FROM pg_stats "
            "WHERE tablename = 'consent_consentrequest' AND attname = 'program_id'"
        )
        stats = cursor.fetchone()
    # The planner knows the campaign's program has rows only once the table was analyzed.
    known = stats[0].strip("{}").split(",") if stats and stats[0] else []
    assert (str(bulk_alerts.pk) in known) is analyzed
