"""Background work survives a worker killed mid-task: real `manage.py db_worker` processes on
the test database, killed with SIGKILL, and started again. Nobody acts in between: the lease
runs out, the task is retried and continues where it stopped."""

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from consent.models import ConsentEvent, ConsentLink, EventKind, LetterFile
from consent.services.issuing import consent_issue
from consent.services.letters import letters_prepare
from roster.models import Guardian, Student, StudentGuardian
from tests.consent.worker import Worker, mail_sent, per_recipient, wait_for
from tests.factories import GuardianFactory, StudentFactory, StudentGuardianFactory

FAMILIES = 1000
WITHOUT_EMAIL = 12  # second guardians with no email address: they get printed letters


def families(school, count, without_email=0):
    """``count`` students of ``school``, each with a guardian with educational rights and an
    email address; the first ``without_email`` students also with a second one without."""
    students = Student.objects.bulk_create(
        StudentFactory.build(school=school, grade=10) for _ in range(count)
    )
    guardians = Guardian.objects.bulk_create(
        GuardianFactory.build(**({"email": ""} if n >= count else {}))
        for n in range(count + without_email)
    )
    StudentGuardian.objects.bulk_create(
        StudentGuardianFactory.build(student=students[n % count], guardian=guardian)
        for n, guardian in enumerate(guardians)
    )


@pytest.fixture
def database_queue(settings):
    """This process queues into the database, as in production; workers run the jobs."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def workers(tmp_path):
    started = []

    def start(**settings):
        worker = Worker(tmp_path / "mail", **settings).start()
        started.append(worker)
        return worker

    (tmp_path / "mail").mkdir()
    yield start
    for worker in started:
        worker.kill()


def sent_links(batch):
    return ConsentLink.objects.filter(request__batch=batch, last_sent_at__isnull=False).count()


def job(task_path):
    return DBTaskResult.objects.filter(task_path=task_path).get()


@pytest.mark.django_db(transaction=True)
def test_killed_workers_leave_every_family_emailed_once_and_the_letters_filed(
    database_queue, workers, tmp_path, principal_a, school_a, bulk_alerts, school_year
):
    families(school_a, FAMILIES, without_email=WITHOUT_EMAIL)
    batch = consent_issue(
        issued_by=principal_a, program=bulk_alerts, school_year=school_year, school=school_a
    )
    emailed = FAMILIES

    # Killed in the middle of the emails.
    first = workers()
    wait_for(lambda: sent_links(batch) >= 150)
    first.kill()
    assert sent_links(batch) < emailed
    assert job("consent.tasks.send_batch_links").status == TaskResultStatus.RUNNING

    # Killed in the middle of the letters (the next worker takes them first: the emailing
    # job is still "running" until its lease runs out).
    letters_prepare(batch=batch, user=principal_a, everyone=False)
    second = workers()
    wait_for(
        lambda: job("consent.tasks.make_letter_file").status == TaskResultStatus.RUNNING,
        every=0.01,
    )
    second.kill()
    assert LetterFile.objects.get().finished_at is None

    # Started again; nobody acts.
    workers()
    wait_for(lambda: sent_links(batch) == emailed and LetterFile.objects.get().finished_at)

    mail = mail_sent(tmp_path / "mail")
    addresses = set(
        ConsentLink.objects.filter(request__batch=batch)
        .exclude(guardian__email="")
        .values_list("guardian__email", flat=True)
    )
    assert per_recipient(mail) == dict.fromkeys(addresses, 1)
    # A kill can land between the server taking a message and the commit: that one message
    # may go out again, with its Message-ID, which the mailbox shows once.
    assert emailed <= len(mail) <= emailed + 1
    assert ConsentEvent.objects.filter(request__batch=batch, kind=EventKind.EMAILED).count() == (
        emailed
    )
    letter_file = LetterFile.objects.get()
    printed = ConsentEvent.objects.filter(kind=EventKind.LETTER_PRINTED).count()
    assert (letter_file.letters, printed) == (WITHOUT_EMAIL, WITHOUT_EMAIL)
    assert letter_file.file.read(5) == b"%PDF-"
    jobs = DBTaskResult.objects.order_by("task_path")
    assert [(j.task_path, j.status, len(j.worker_ids)) for j in jobs] == [
        ("consent.tasks.make_letter_file", TaskResultStatus.SUCCESSFUL, 2),
        ("consent.tasks.send_batch_links", TaskResultStatus.SUCCESSFUL, 2),
    ]


def test_a_rerun_of_the_reminders_job_sends_none_twice(
    principal_a, school_a, bulk_alerts, school_year, mailoutbox
):
    from consent.services.issuing import consent_remind
    from consent.tasks import send_reminders

    families(school_a, 3)
    consent_issue(
        issued_by=principal_a, program=bulk_alerts, school_year=school_year, school=school_a
    )
    mailoutbox.clear()
    result = consent_remind(
        user=principal_a, school=school_a, program=bulk_alerts, school_year=school_year
    )
    link_ids = sorted(ConsentLink.objects.values_list("pk", flat=True))
    since = ConsentLink.objects.order_by("reminder_sent_at").first().reminder_sent_at

    rerun = send_reminders.call(link_ids=link_ids, since=since.isoformat())

    assert (result["queued"], len(mailoutbox), rerun) == (3, 3, 0)


def test_reconcile_queues_unsent_links_and_unfinished_letters_once(
    queued_tasks, capsys, principal_a, school_a, bulk_alerts, school_year
):
    from django.core.management import call_command

    families(school_a, 2, without_email=1)
    batch = consent_issue(
        issued_by=principal_a, program=bulk_alerts, school_year=school_year, school=school_a
    )
    letter_file = letters_prepare(batch=batch, user=principal_a, everyone=False)
    queued_tasks.delete()  # both jobs lost

    call_command("reconcile")
    call_command("reconcile")

    assert sorted((t.task_path, t.args_kwargs["kwargs"]) for t in queued_tasks) == [
        ("consent.tasks.make_letter_file", {"letter_file_id": letter_file.pk}),
        ("consent.tasks.send_batch_links", {"batch_id": batch.pk}),
    ]
    out = capsys.readouterr().out
    assert out.count("Queued to repair issue batches with unsent links: 1") == 1
    assert out.count("Queued to repair letters files: 1") == 1


def test_batch_page_shows_sent_pending_and_a_failing_job(
    client, queued_tasks, principal_a, school_a, bulk_alerts, school_year
):
    from background.services import task_failed

    families(school_a, 3, without_email=1)
    batch = consent_issue(
        issued_by=principal_a, program=bulk_alerts, school_year=school_year, school=school_a
    )
    job = queued_tasks.get()
    # The worker's record of a failed attempt (as django-tasks writes it), then the policy.
    job.status, job.worker_ids = TaskResultStatus.FAILED, ["w1"]
    job.exception_class_path, job.traceback = (
        "smtplib.SMTPServerDisconnected",
        "…\nConnection unexpectedly closed",
    )
    job.save()
    task_failed(task_id=job.pk)
    client.force_login(principal_a)

    page = client.get(f"/consent/batches/{batch.pk}/").content.decode()

    queued = '<td class="text-end" data-progress="queued">3</td>'
    letters = '<td class="text-end" data-progress="letters">1</td>'
    assert f"Queued (being emailed now)</th>{queued}" in page
    assert f"Letters to print (no email address)</th>{letters}" in page
    assert "Sending stopped with an error (Connection unexpectedly closed)" in page
