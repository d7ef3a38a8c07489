"""A roster file that cannot be imported gets a clear error (file, line, column) and changes
nothing."""

import zipfile

import pytest
from django.core.management.base import CommandError

from roster.models import School, Student, User
from tests.roster_import.conftest import as_oneroster_1_2, edit_csv, run_import

pytestmark = pytest.mark.django_db


def refused(path, *message_parts):
    with pytest.raises(CommandError) as raised:
        run_import(path)
    text = str(raised.value)
    assert "nothing changed" in text
    for part in message_parts:
        assert part in text
    assert not Student.objects.exists()
    assert not School.objects.exists()
    assert not User.objects.exists()
    return text


def set_cell(folder, name, sourced_id, column, value):
    def change(rows):
        index = rows[0].index(column)
        return [[*r[:index], value, *r[index + 1 :]] if r[0] == sourced_id else r for r in rows]

    edit_csv(folder, name, change)


def test_a_missing_file(export):
    folder = export()
    (folder / "users.csv").unlink()

    refused(folder, "users.csv: is missing from the export.")


def test_a_missing_column(export):
    folder = export()
    edit_csv(folder, "users.csv", lambda rows: [r[:8] + r[9:] for r in rows])

    refused(folder, "users.csv, line 1, column givenName: this column is missing.")


def test_a_file_that_is_not_utf8(export):
    folder = export()
    path = folder / "users.csv"
    path.write_bytes(path.read_bytes().replace(b"Garcia", "García".encode("latin-1")))

    refused(folder, "users.csv, line", "is not UTF-8 text")


def test_a_utf8_byte_order_mark_is_accepted(export):
    folder = export()
    for name in ("users.csv", "orgs.csv", "manifest.csv"):
        path = folder / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    run_import(folder)

    assert Student.objects.count() == 20


def test_a_sourced_id_listed_twice(export):
    folder = export()
    edit_csv(folder, "users.csv", lambda rows: [*rows, rows[-1]])

    refused(folder, "users.csv, line 60, column sourcedId: sourcedId “gua-19b” is listed twice.")


def test_a_guardian_of_an_unknown_student(export):
    folder = export()
    set_cell(folder, "users.csv", "gua-4a", "agentSourcedIds", "stu-999")

    refused(folder, "column agentSourcedIds: names stu-999, who is not a student in users.csv.")


def test_a_student_enrolled_in_a_session_that_does_not_exist(export):
    folder = export()
    set_cell(folder, "classes.csv", "class-0", "termSourcedIds", "term-1999")

    refused(
        folder,
        "classes.csv, line 2, column termSourcedIds: session term-1999 is not in "
        "academicSessions.csv.",
    )


@pytest.mark.parametrize(
    ("birth_date", "message"),
    [
        ("2015-02-30", "“2015-02-30” is not a date (YYYY-MM-DD)."),
        ("2099-01-01", "2099-01-01 is not a possible birth date."),
        ("1850-01-01", "1850-01-01 is not a possible birth date."),
    ],
)
def test_an_impossible_birth_date(export, birth_date, message):
    folder = export()
    set_cell(folder, "demographics.csv", "stu-2", "birthDate", birth_date)

    refused(folder, f"demographics.csv, line 4, column birthDate: {message}")


def test_a_wrong_grade_and_student_id_name_their_columns(export):
    folder = export()
    set_cell(folder, "users.csv", "stu-2", "grades", "13")
    set_cell(folder, "users.csv", "stu-3", "identifier", "A12")

    text = refused(folder, "column grades: “13” is not a grade", "column identifier")
    assert "a student's ID is 6 to 12 digits." in text


def zipped(folder, path, extra=()):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, file.name)
        for name, data in extra:
            archive.writestr(name, data)
    return path


def test_a_zip_imports_like_a_folder(export, tmp_path):
    run_import(zipped(export(), tmp_path / "roster.zip"))

    assert Student.objects.count() == 20


def test_a_zip_with_a_path_outside_its_folder(export, tmp_path):
    path = zipped(export(), tmp_path / "roster.zip", extra=[("../../evil.csv", "x")])

    refused(path, "../../evil.csv: lies outside the export's folder; refused.")


def test_a_zip_bomb(export, tmp_path):
    path = zipped(export(), tmp_path / "roster.zip", extra=[("padding.csv", b"0" * 5_000_000)])

    refused(path, "padding.csv: unpacks to too much data (a zip bomb?); refused.")


def test_a_file_that_is_neither_folder_nor_zip(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("sourcedId\n")

    refused(path, "roster.csv: is neither a folder nor a zip file.")


def test_a_phone_number_that_is_not_one(export):
    folder = export()
    set_cell(folder, "users.csv", "gua-2a", "sms", "call me")

    refused(folder, "column sms: “call me” is not a phone number.")


def test_an_email_that_is_not_one(export):
    folder = export()
    set_cell(folder, "users.csv", "gua-2a", "email", "nobody-at-home")

    refused(folder, "column email: “nobody-at-home” is not an email address.")


def test_oneroster_1_2_user_profiles_of_an_unknown_user(export):
    folder = as_oneroster_1_2(export())
    set_cell(folder, "userProfiles.csv", "profile-prin-1", "userSourcedId", "nobody")

    refused(
        folder, "userProfiles.csv, line 2, column userSourcedId: user nobody is not in users.csv."
    )


def test_oneroster_1_2_user_profiles_missing_a_column(export):
    folder = as_oneroster_1_2(export())
    edit_csv(folder, "userProfiles.csv", lambda rows: [r[:5] + r[6:] for r in rows])

    refused(folder, "userProfiles.csv, line 1, column vendorId: this column is missing.")


def test_oneroster_1_2_user_profile_with_an_empty_required_value(export):
    folder = as_oneroster_1_2(export())
    set_cell(folder, "userProfiles.csv", "profile-teach-0", "profileType", "")

    refused(folder, "userProfiles.csv, line 5, column profileType: is empty.")


def test_oneroster_1_2_role_naming_an_unknown_user_profile(export):
    folder = as_oneroster_1_2(export())
    set_cell(folder, "roles.csv", "role-prin-2", "userProfileSourcedId", "profile-x")

    refused(
        folder,
        "roles.csv, line 3, column userProfileSourcedId: user profile profile-x is not in "
        "userProfiles.csv.",
    )
