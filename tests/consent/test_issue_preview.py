"""Issuing with a confirmation page: the counts and texts before anything is sent, letters
for families without email, skipped students named, one batch however often Send is pressed,
and the sending progress reaching "sent" once the worker's task has run."""

import pytest

from consent.models import ConsentFormText, ConsentLink, ConsentRequest, IssueBatch
from consent.services.errors import ConsentError
from consent.services.issuing import consent_issue
from consent.tasks import send_batch_links
from roster.models import Language
from tests.consent.conftest import page_text, plain_text
from tests.factories import StudentFactory
from tests.helpers_issue import choices, guardian_of, send


def test_preview_counts_students_guardians_email_and_letters_and_creates_nothing(
    client, principal_a, school_a, bulk_alerts, school_year, mailoutbox
):
    two = StudentFactory(school=school_a, grade=9, last_name="Avila")
    guardian_of(two, email="a@example.com")
    guardian_of(two, email="")  # a printed letter
    guardian_of(StudentFactory(school=school_a, grade=10, last_name="Baker"), email="")
    nobody = StudentFactory(school=school_a, grade=11, first_name="Nora", last_name="Cruz")
    guardian_of(nobody, rights=False)  # a grandparent without educational rights
    client.force_login(principal_a)

    response = client.post("/consent/issue/", choices(bulk_alerts, school_a, school_year))

    assert response.status_code == 200
    plan = response.context["plan"]
    assert (plan["students"], plan["guardians"], plan["by_email"], plan["by_letter"]) == (
        2,
        3,
        1,
        2,
    )
    text = plain_text(response)
    assert "No guardian with educational rights on the roster (1): Nora Cruz" in text
    assert "Send to 3 guardians" in text
    assert response.context["form"].data["token"]
    assert (IssueBatch.objects.count(), ConsentRequest.objects.count(), len(mailoutbox)) == (
        0,
        0,
        0,
    )


def test_preview_shows_the_email_and_form_text_in_each_language(
    client, principal_a, school_a, bulk_alerts, school_year
):
    guardian_of(StudentFactory(school=school_a, grade=9), first_name="Ann")
    guardian_of(
        StudentFactory(school=school_a, grade=9),
        first_name="Luz",
        preferred_language=Language.SPANISH,
    )
    client.force_login(principal_a)

    response = client.post("/consent/issue/", choices(bulk_alerts, school_a, school_year))

    samples = {s["language"]: s for s in response.context["samples"]}
    assert sorted(samples) == ["en", "es"]
    assert samples["es"]["own_version"] is True
    assert samples["es"]["form_text"].language == "es"
    assert "Estimado/a Luz" in samples["es"]["email"].body
    assert "Dear Ann" in samples["en"]["email"].body
    html = page_text(response)
    assert samples["es"]["form_text"].paragraphs[0] in html
    assert not response.context["untranslated"]


def test_send_issues_once_letters_for_families_without_email(
    client, principal_a, school_a, bulk_alerts, school_year, mailoutbox
):
    with_email = StudentFactory(school=school_a, grade=9)
    guardian_of(with_email, email="p@example.com")
    without = StudentFactory(school=school_a, grade=10, last_name="Diaz")
    letter_guardian = guardian_of(without, email="")
    client.force_login(principal_a)

    first = send(client, bulk_alerts, school_a, school_year)
    again = client.post("/consent/issue/", first.request["_data"])  # back + Send again

    batch = IssueBatch.objects.get()
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"/consent/batches/{batch.pk}/"
    assert batch.issued_count == 2
    assert set(ConsentRequest.objects.values_list("student", flat=True)) == {
        with_email.pk,
        without.pk,
    }
    letter = ConsentLink.objects.get(guardian=letter_guardian)
    assert (letter.last_sent_at, letter.request.student_id) == (None, without.pk)
    assert [m.to for m in mailoutbox] == [["p@example.com"]]
    page = plain_text(client.get(first["Location"]))
    assert "Letters to print (no email address) 1" in page
    assert f"{letter_guardian.full_name} (for {without.full_name})" in page


def test_nothing_to_issue_makes_no_batch(client, principal_a, school_a, safety_meetup, school_year):
    guardian_of(StudentFactory(school=school_a, grade=8))  # safety meet-up is grades 9-12
    client.force_login(principal_a)

    preview = client.post("/consent/issue/", choices(safety_meetup, school_a, school_year))
    forced = client.post(
        "/consent/issue/",
        {**choices(safety_meetup, school_a, school_year), "token": "t1", "send": "1"},
    )

    assert preview.status_code == forced.status_code == 400
    assert "Nobody would be asked" in page_text(preview)
    assert "Grade not eligible" in page_text(preview)
    assert not IssueBatch.objects.exists()


def test_grades_outside_the_programs_band_refused_beside_the_field(
    client, principal_a, school_a, safety_meetup, school_year
):
    guardian_of(StudentFactory(school=school_a, grade=9))
    client.force_login(principal_a)

    response = client.post(
        "/consent/issue/",
        choices(safety_meetup, school_a, school_year, scope="grades", grades=[8, 9]),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["grades"] == [
        "Safety meet-up communications is for grades 9–12 only; not grade 8."
    ]
    assert not IssueBatch.objects.exists()


def test_issue_form_offers_only_the_grades_some_program_admits(
    client, principal_a, school_a, safety_meetup
):
    client.force_login(principal_a)

    form = client.get("/consent/issue/").context["form"]

    offered = [value for value, _label in form.fields["grades"].choices]
    assert offered == list(range(min(offered), 13))
    assert (
        f'"{safety_meetup.pk}": [9, 12]' in form.fields["program"].widget.attrs["data-grade-bands"]
    )


@pytest.fixture
def english_only(db):
    from consent.models import TextingProgram

    program = TextingProgram.objects.create(
        slug="robotics-trips",
        name="Robotics trips",
        summary="Texts during robotics trips.",
        lowest_grade=9,
        highest_grade=12,
    )
    ConsentFormText.objects.create(
        program=program, language="en", version=1, title="Robotics", body="English body."
    )
    return program


def test_a_language_without_form_text_needs_the_explicit_choice(
    client, principal_a, school_a, english_only, school_year, mailoutbox
):
    guardian_of(
        StudentFactory(school=school_a, grade=10),
        email="luz@example.com",
        preferred_language=Language.SPANISH,
    )
    client.force_login(principal_a)

    preview = client.post("/consent/issue/", choices(english_only, school_a, school_year))
    token = preview.context["form"].data["token"]
    data = {**choices(english_only, school_a, school_year), "token": token, "send": "1"}
    refused = client.post("/consent/issue/", data)
    sent = client.post("/consent/issue/", {**data, "english_with_note": "on"})

    assert preview.context["untranslated"] == ["es"]
    assert "these families would read the English text" in plain_text(preview)
    assert refused.status_code == 400
    assert "has no form text in a language some guardians read (es)" in str(
        refused.context["form"].errors["english_with_note"]
    )
    assert sent.status_code == 302
    assert IssueBatch.objects.get().scope == "Whole school (English form text with a note for: es)"
    assert "El formulario está escrito en inglés" in mailoutbox[0].body


def test_service_refuses_nothing_to_issue(principal_a, school_a, bulk_alerts, school_year):
    with pytest.raises(ConsentError) as refused:
        consent_issue(
            issued_by=principal_a, program=bulk_alerts, school_year=school_year, school=school_a
        )

    assert refused.value.code == "nothing_to_issue"
    assert not IssueBatch.objects.exists()


def test_batch_page_names_skipped_students_with_a_link_to_fix_them(
    client, principal_a, school_a, bulk_alerts, school_year
):
    guardian_of(StudentFactory(school=school_a, grade=9))
    orphan = StudentFactory(school=school_a, grade=9, first_name="Ivan", last_name="Ortiz")
    client.force_login(principal_a)

    response = client.get(send(client, bulk_alerts, school_a, school_year)["Location"])

    text = plain_text(response)
    assert "No guardian with educational rights on the roster (1): Ivan Ortiz" in text
    assert f'href="/admin/roster/student/{orphan.pk}/change/"' in page_text(response)


def test_progress_reaches_sent_after_the_worker_task_runs(
    client, queued_tasks, principal_a, school_a, bulk_alerts, school_year, mailoutbox
):
    for n in range(3):
        guardian_of(StudentFactory(school=school_a, grade=9), email=f"p{n}@example.com")
    guardian_of(StudentFactory(school=school_a, grade=9), email="")
    client.force_login(principal_a)
    batch_url = send(client, bulk_alerts, school_a, school_year)["Location"]
    progress_url = f"{batch_url}progress.json"

    before = client.get(progress_url).json()
    send_batch_links.call(batch_id=IssueBatch.objects.get().pk)
    after = client.get(progress_url).json()

    assert before == {"queued": 3, "sent": 0, "failed": 0, "letters": 1, "done": False}
    assert after == {"queued": 0, "sent": 3, "failed": 0, "letters": 1, "done": True}
    assert "js/progress.js" in page_text(client.get(batch_url))


def test_progress_of_another_schools_batch_is_not_found(
    client, principal_a, principal_b, school_a, bulk_alerts, school_year
):
    guardian_of(StudentFactory(school=school_a, grade=9))
    client.force_login(principal_a)
    batch_url = send(client, bulk_alerts, school_a, school_year)["Location"]
    client.force_login(principal_b)

    assert client.get(f"{batch_url}progress.json").status_code == 404


@pytest.mark.parametrize("students", [1, 3])
def test_preview_and_batch_pages_run_a_fixed_number_of_queries(
    client, principal_a, school_a, bulk_alerts, school_year, students, django_assert_num_queries
):
    for _ in range(students):
        guardian_of(StudentFactory(school=school_a, grade=9))
        guardian_of(StudentFactory(school=school_a, grade=9), email="")  # a letter
        StudentFactory(school=school_a, grade=9)  # skipped: no guardian
    client.force_login(principal_a)
    data = choices(bulk_alerts, school_a, school_year)
    client.post("/consent/issue/", data)  # warm the session and caches

    with django_assert_num_queries(PREVIEW_QUERIES):
        client.post("/consent/issue/", data)
    batch_url = send(client, bulk_alerts, school_a, school_year)["Location"]
    with django_assert_num_queries(BATCH_QUERIES):
        client.get(batch_url)


# No session write; the footer contacts and form texts are cached (faq/contacts.py,
# consent/services/forms_text.py).
PREVIEW_QUERIES = 16
BATCH_QUERIES = 9


def test_change_the_choices_goes_back_to_the_form_with_them_kept(
    client, principal_a, school_a, bulk_alerts, school_year
):
    guardian_of(StudentFactory(school=school_a, grade=9))
    client.force_login(principal_a)
    data = choices(bulk_alerts, school_a, school_year, scope="grades", grades=[9])
    preview = client.post("/consent/issue/", data)

    back = client.post(
        "/consent/issue/", {**data, "token": preview.context["form"].data["token"], "edit": "1"}
    )

    assert back.templates[0].name == "consent/issue.html"
    assert back.context["form"]["grades"].value() == ["9"]
    assert not IssueBatch.objects.exists()


def test_send_without_the_preview_token_shows_the_preview_instead(
    client, principal_a, school_a, bulk_alerts, school_year
):
    guardian_of(StudentFactory(school=school_a, grade=9))
    client.force_login(principal_a)

    response = client.post(
        "/consent/issue/", {**choices(bulk_alerts, school_a, school_year), "send": "1"}
    )

    assert "consent/issue_preview.html" in [t.name for t in response.templates]
    assert not IssueBatch.objects.exists()
