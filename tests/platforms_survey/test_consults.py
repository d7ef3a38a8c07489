"""Pre-purchase consults through their pages: asking, ITS's three answers, the email sent
once, what the requester sees, and who may not answer."""

import pytest
from django.core import mail

from faq.models import Contact
from platforms.models import Consult, Platform
from platforms.services.survey import overview_counts
from platforms.tasks import send_consult_answer

ASK = {
    "product": "Chatterly",
    "vendor": "Chatterly Inc",
    "purpose": "Team updates for the soccer club",
    "students": "35",
    "data_shared": "Student names and parents' phone numbers",
    "cost": "",
    "school": "",
}


@pytest.fixture
def consult(client, teacher_a):
    client.force_login(teacher_a)
    client.post("/platforms/consults/new/", ASK)
    client.logout()
    return Consult.objects.get()


def test_teacher_asks_for_a_consult(client, teacher_a, school_a):
    client.force_login(teacher_a)

    response = client.post("/platforms/consults/new/", {**ASK, "school": school_a.pk})

    consult = Consult.objects.get()
    assert response.status_code == 302
    assert (consult.requester, consult.school, consult.is_waiting) == (teacher_a, school_a, True)


def test_consult_form_errors_keep_the_input(client, teacher_a):
    client.force_login(teacher_a)

    response = client.post("/platforms/consults/new/", {**ASK, "students": "many"})

    assert response.status_code == 400
    assert "Enter a whole number." in response.text
    assert 'value="Chatterly Inc"' in response.text
    assert Consult.objects.count() == 0


def test_consult_page_shows_the_service_desk_number_from_the_contacts(client, teacher_a):
    Contact.objects.filter(key="service_desk").update(value="773-555-0100")
    client.force_login(teacher_a)

    page = client.get("/platforms/consults/new/").text

    assert "773-555-0100" in page


def test_its_answers_use_an_approved_platform(client, its_reviewer, teacher_a, consult, approved):
    client.force_login(its_reviewer)

    client.post(
        f"/platforms/consults/{consult.pk}/answer/",
        {"answer": "use_approved", "platform": approved.pk, "answer_text": "Use ClassBell."},
    )

    consult.refresh_from_db()
    assert (consult.answer, consult.platform, consult.answered_by) == (
        "use_approved",
        approved,
        its_reviewer,
    )
    assert consult.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[teacher_a.email]]
    assert "ClassBell" in mail.outbox[0].body


def test_use_approved_needs_a_platform_beside_the_field(client, its_reviewer, consult):
    client.force_login(its_reviewer)

    response = client.post(
        f"/platforms/consults/{consult.pk}/answer/",
        {"answer": "use_approved", "answer_text": "Use the approved one."},
    )

    assert response.status_code == 400
    assert "Choose the approved platform to use." in response.text
    assert "Use the approved one." in response.text
    consult.refresh_from_db()
    assert consult.is_waiting


def test_its_answers_proceed_to_audit_registers_the_product(client, its_reviewer, consult):
    client.force_login(its_reviewer)

    client.post(
        f"/platforms/consults/{consult.pk}/answer/",
        {"answer": "audit", "answer_text": "We will audit it first."},
    )

    consult.refresh_from_db()
    platform = Platform.objects.get()
    assert (platform.vendor, platform.product, platform.status) == (
        "Chatterly Inc",
        "Chatterly",
        "surveyed",
    )
    assert consult.platform == platform


def test_its_answers_do_not_buy_and_the_requester_reads_it(
    client, its_reviewer, teacher_a, consult
):
    client.force_login(its_reviewer)
    client.post(
        f"/platforms/consults/{consult.pk}/answer/",
        {"answer": "do_not_buy", "answer_text": "It keeps data outside the district."},
    )
    client.force_login(teacher_a)

    listing = client.get("/platforms/consults/").text
    page = client.get(f"/platforms/consults/{consult.pk}/").text

    assert "Do not buy" in listing
    assert "It keeps data outside the district." in page
    assert "Answer the consult" not in page


def test_a_second_answer_changes_nothing_and_sends_no_second_email(
    client, its_reviewer, cio, consult
):
    first = {"answer": "do_not_buy", "answer_text": "No."}
    client.force_login(its_reviewer)
    client.post(f"/platforms/consults/{consult.pk}/answer/", first)
    client.force_login(cio)

    again = client.post(
        f"/platforms/consults/{consult.pk}/answer/", {"answer": "audit", "answer_text": "Yes."}
    )
    rerun = send_consult_answer.call(consult_id=consult.pk)

    consult.refresh_from_db()
    assert (again.status_code, consult.answer, consult.answered_by) == (
        302,
        "do_not_buy",
        its_reviewer,
    )
    assert (rerun, len(mail.outbox)) == (False, 1)


def test_answer_email_is_queued_and_sent_once(queued_tasks, client, its_reviewer, consult):
    client.force_login(its_reviewer)
    client.post(
        f"/platforms/consults/{consult.pk}/answer/", {"answer": "do_not_buy", "answer_text": "No."}
    )

    sent = [send_consult_answer.call(consult_id=consult.pk) for _ in range(2)]

    assert [t.task_path for t in queued_tasks] == ["platforms.tasks.send_consult_answer"]
    assert (sent, len(mail.outbox)) == ([True, False], 1)


def test_teacher_cannot_answer_even_their_own_consult(client, teacher_a, consult):
    client.force_login(teacher_a)

    response = client.post(
        f"/platforms/consults/{consult.pk}/answer/", {"answer": "do_not_buy", "answer_text": "x"}
    )

    assert response.status_code == 403
    consult.refresh_from_db()
    assert consult.is_waiting


def test_another_staff_member_cannot_see_the_consult(client, principal_b, consult):
    client.force_login(principal_b)

    assert client.get(f"/platforms/consults/{consult.pk}/").status_code == 404


def test_its_sees_the_waiting_consults(client, its_reviewer, consult):
    client.force_login(its_reviewer)

    page = client.get("/platforms/consults/").text

    assert "Consults waiting for ITS" in page
    assert f"/platforms/consults/{consult.pk}/" in page


def test_content_editor_cannot_reach_consults(client, content_editor):
    client.force_login(content_editor)

    assert client.get("/platforms/consults/").status_code == 403
    assert client.get("/platforms/consults/new/").status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_consult_list_query_count_is_fixed(
    client, its_reviewer, teacher_a, django_assert_num_queries, count
):
    for n in range(count):
        Consult.objects.create(
            requester=teacher_a,
            product=f"Tool {n}",
            vendor="V",
            purpose="p",
            students=1,
            data_shared="d",
        )
    client.force_login(its_reviewer)

    with django_assert_num_queries(QUERIES_LIST):
        client.get("/platforms/consults/")


QUERIES_LIST = 9


def test_overview_counts_in_fixed_queries(
    its_reviewer, survey, school_a, consult, django_assert_num_queries
):
    with django_assert_num_queries(3):
        counts = overview_counts()

    assert {k: counts[k] for k in ("asked", "answered", "rate", "consults_waiting")} == {
        "asked": 2,
        "answered": 0,
        "rate": 0,
        "consults_waiting": 1,
    }


def test_overview_include_shows_the_counts_and_survives_without_them(survey, consult):
    from django.template.loader import render_to_string

    with_counts = render_to_string(
        "platforms/includes/overview_more.html", {"survey_overview": overview_counts()}
    )
    without = render_to_string("platforms/includes/overview_more.html", {})

    assert "0 of 2 schools answered (0%)" in with_counts
    assert "1 consult waiting" in with_counts
    assert without.strip() == ""
