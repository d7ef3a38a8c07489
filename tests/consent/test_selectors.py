"""consent.selectors.programs_at: the programs staff may use at a school (on a day)."""

import datetime

from consent.models import TextingProgram
from consent.selectors import programs_at
from tests.consent.conftest import standard_program


def program(slug, **fields):
    base = standard_program("bulk-alerts")
    values = {
        f.name: getattr(base, f.name)
        for f in TextingProgram._meta.concrete_fields
        if f.name not in ("id", "slug", "name")
    }
    values.update(active=True, school=None, ends_on=None, slug=slug, name=slug)
    return TextingProgram.objects.create(**{**values, **fields})


def test_programs_at_a_school_are_district_wide_and_its_own(school_a, school_b):
    TextingProgram.objects.update(active=False)
    district = program("district", position=2)
    own = program("own", school=school_a, position=1)
    other = program("other-school", school=school_b, position=3)
    program("inactive", active=False)

    assert list(programs_at(schools=school_a)) == [own, district]
    assert list(programs_at(schools=school_b)) == [district, other]


def test_programs_at_several_schools_and_on_a_day(school_a, school_b):
    TextingProgram.objects.update(active=False)
    district = program("district", position=1)
    own_a = program("own-a", school=school_a, position=2)
    ended_b = program("ended-b", school=school_b, position=3, ends_on=datetime.date(2026, 9, 30))

    both = programs_at(schools=[school_a, school_b])
    on_day = programs_at(schools=[school_a, school_b], day=datetime.date(2026, 10, 14))

    assert (list(both), list(on_day)) == ([district, own_a, ended_b], [district, own_a])
