"""ITS adds and changes texting programs in the admin, through the same consent services the
exceptions app uses (consent.services.programs)."""

from consent.models import TextingProgram
from consent.services.programs import program_end


def program_form(**changes) -> dict:
    data = {
        "slug": "robotics-travel",
        "name": "Robotics travel",
        "kind": "safety_meetup",
        "summary": "Bus times and venue changes at competitions.",
        "staff_rules": "Group texts only.",
        "lowest_grade": "9",
        "highest_grade": "12",
        "group_texts_include_parent": "on",
        "copy_staff_district_email": "on",
        "active": "on",
        "position": "150",
        "school": "",
        "ends_on": "",
    }
    return {**data, **changes}


def test_program_admin_add_and_change_write_the_program(client, its_reviewer):
    client.force_login(its_reviewer)

    added = client.post("/admin/consent/textingprogram/add/", program_form())
    program = TextingProgram.objects.get(slug="robotics-travel")
    changed = client.post(
        f"/admin/consent/textingprogram/{program.pk}/change/",
        program_form(name="Robotics team travel", highest_grade="11"),
    )

    program.refresh_from_db()
    assert (added.status_code, changed.status_code) == (302, 302)
    assert (program.name, program.lowest_grade, program.highest_grade, program.position) == (
        "Robotics team travel",
        9,
        11,
        150,
    )


def test_program_admin_refuses_an_inverted_grade_band(client, its_reviewer, bulk_alerts):
    client.force_login(its_reviewer)
    band = (bulk_alerts.lowest_grade, bulk_alerts.highest_grade)

    response = client.post(
        f"/admin/consent/textingprogram/{bulk_alerts.pk}/change/",
        program_form(slug=bulk_alerts.slug, lowest_grade="12", highest_grade="9"),
    )

    bulk_alerts.refresh_from_db()
    assert response.status_code == 200
    assert "The lowest grade must not be above the highest grade." in response.content.decode()
    assert (bulk_alerts.lowest_grade, bulk_alerts.highest_grade) == band


def test_program_end_stops_it_once(bulk_alerts):
    first = program_end(program_id=bulk_alerts.pk)
    again = program_end(program_id=bulk_alerts.pk)

    bulk_alerts.refresh_from_db()
    assert (first, again, bulk_alerts.active) == (True, False, False)
