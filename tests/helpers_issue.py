"""Issuing as a principal does, for tests: the choices, the confirmation page, then Send."""

from tests.factories import GuardianFactory, StudentGuardianFactory


def guardian_of(student, *, email=None, rights=True, **fields):
    """A guardian of ``student`` (with educational rights unless ``rights`` is False)."""
    guardian = GuardianFactory(**fields, **({} if email is None else {"email": email}))
    StudentGuardianFactory(student=student, guardian=guardian, has_educational_rights=rights)
    return guardian


def choices(program, school, school_year, **fields):
    return {
        "program": program.pk,
        "school": school.pk,
        "school_year": school_year.pk,
        "scope": "school",
        **fields,
    }


def send(client, program, school, school_year, **fields):
    """The confirmation page, then its Send; the response of Send (its data in
    ``response.request["_data"]`` for a second press)."""
    data = choices(program, school, school_year, **fields)
    preview = client.post("/consent/issue/", data)
    data = {**data, "token": preview.context["form"].data["token"], "send": "1"}
    response = client.post("/consent/issue/", data)
    response.request["_data"] = data
    return response
