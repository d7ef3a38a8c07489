"""Writes a valid OneRoster 1.1 bulk export of a chosen size, for tests and the scale run
(`scripts/make-oneroster.py`). Deterministic for a given seed; streams rows to disk."""

import csv
import datetime
import random
from pathlib import Path

FIRST = [
    "Ana",
    "Luis",
    "Maria",
    "James",
    "Olivia",
    "Noah",
    "Sofia",
    "Diego",
    "Emma",
    "Liam",
    "Camila",
    "Mateo",
    "Ava",
    "Elijah",
]
LAST = [
    "Garcia",
    "Smith",
    "Lopez",
    "Johnson",
    "Hernandez",
    "Williams",
    "Nowak",
    "Brown",
    "Martinez",
    "Chen",
    "Perez",
]
GRADES = ["PK", "KG"] + [f"{n:02d}" for n in range(1, 13)]
USER_COLUMNS = ["sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds",
                "role", "username", "userIds", "givenName", "familyName", "middleName",
                "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password",
                "metadata.language"]  # fmt: skip


def write_export(out, *, schools=3, students=20, seed=1, year=2027, skip=(), changed=(),
                 delta=False):  # fmt: skip
    """Writes the export into the folder ``out``: ``schools`` schools (the last one a
    charter, the one before it a magnet when there are three or more), ``students``
    students each with one or two guardians (every fifth family Spanish-speaking), a teacher
    per 9 students and a principal per school. ``skip`` leaves students out by number (to
    make them leave); ``changed`` gives those students a new last name."""
    rng = random.Random(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    mode = "delta" if delta else "bulk"
    with open(out / "manifest.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["propertyName", "value"])
        w.writerows([["manifest.version", "1.0"], ["oneroster.version", "1.1"],
                     ["file.orgs", mode], ["file.academicSessions", mode], ["file.users", mode],
                     ["file.demographics", mode], ["file.classes", mode],
                     ["file.enrollments", mode]])  # fmt: skip
    school_ids = [f"org-{n}" for n in range(1, schools + 1)]
    with open(out / "orgs.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["sourcedId", "status", "dateLastModified", "name", "type", "identifier",
                    "parentSourcedId", "metadata.kind"])  # fmt: skip
        w.writerow(["org-district", "", "", "The District", "district", "D1", "", ""])
        for n, sid in enumerate(school_ids, start=1):
            kind = (
                "charter"
                if n == schools and schools > 1
                else ("magnet" if n == schools - 1 and schools > 2 else "district")
            )
            w.writerow(
                [sid, "", "", f"School {n:04d}", "school", f"{2000 + n}", "org-district", kind]
            )
    term = f"year-{year}"
    with open(out / "academicSessions.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["sourcedId", "status", "dateLastModified", "title", "type", "startDate",
                    "endDate", "parentSourcedId", "schoolYear"])  # fmt: skip
        w.writerow([term, "", "", f"{year - 1}-{year}", "schoolYear", f"{year - 1}-08-24",
                    f"{year}-06-11", "", str(year)])  # fmt: skip
    with (
        open(out / "users.csv", "w", newline="") as fu,
        open(out / "demographics.csv", "w", newline="") as fd,
        open(out / "classes.csv", "w", newline="") as fc,
        open(out / "enrollments.csv", "w", newline="") as fe,
    ):
        users, demo, classes, enrol = csv.writer(fu), csv.writer(fd), csv.writer(fc), csv.writer(fe)
        users.writerow(USER_COLUMNS)
        demo.writerow(["sourcedId", "status", "dateLastModified", "birthDate", "sex"])
        classes.writerow(["sourcedId", "status", "dateLastModified", "title", "classType",
                          "schoolSourcedId", "termSourcedIds"])  # fmt: skip
        enrol.writerow(["sourcedId", "status", "dateLastModified", "classSourcedId",
                        "schoolSourcedId", "userSourcedId", "role", "primary"])  # fmt: skip
        teachers = max(1, students // 9)  # the district: ~36,000 staff for 320,000 students
        for n, school in enumerate(school_ids, start=1):
            users.writerow(_user(f"prin-{n}", "administrator", school, f"principal{n}",
                                 rng.choice(FIRST), rng.choice(LAST)))  # fmt: skip
        for t in range(teachers):
            school = school_ids[t % schools]
            users.writerow(_user(f"teach-{t}", "teacher", school, f"teacher{t}",
                                 rng.choice(FIRST), rng.choice(LAST)))  # fmt: skip
            classes.writerow([f"class-{t}", "", "", f"Homeroom {t}", "homeroom", school, term])
            enrol.writerow(
                [f"enr-t{t}", "", "", f"class-{t}", school, f"teach-{t}", "teacher", "true"]
            )
        for n in range(students):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            spanish = n % 5 == 0
            guardians = [f"gua-{n}a"] + ([f"gua-{n}b"] if n % 3 else [])
            born = datetime.date(year - 19, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 14))
            grade = GRADES[min(13, max(0, (year - 1 - born.year) - 4))]
            # Drawn before skipping, so leaving one student out changes no one else's name.
            guardian_names = [rng.choice(FIRST) for _ in guardians]
            if n in skip:
                continue
            family = last + ("-Nueva" if n in changed else "")
            t = n % teachers
            school = school_ids[t % schools]
            users.writerow(_user(f"stu-{n}", "student", school, "", first, family,
                                 identifier=f"{100000 + n:08d}", agents=",".join(guardians),
                                 grades=grade))  # fmt: skip
            demo.writerow([f"stu-{n}", "", "", born.isoformat(), "female"])
            enrol.writerow(
                [f"enr-{n}", "", "", f"class-{t}", school, f"stu-{n}", "student", "true"]
            )
            for g, gid in enumerate(guardians):
                users.writerow(_user(gid, "parent" if g == 0 else "guardian", school, "",
                                     guardian_names[g], last, email=f"{gid}@example.com",
                                     sms=f"+1773555{n % 10000:04d}", agents=f"stu-{n}",
                                     language="es" if spanish else ""))  # fmt: skip


def _user(sid, role, org, username, first, last, *, identifier="", agents="", grades="",
          email=None, sms="", language=""):  # fmt: skip
    if email is None:
        email = f"{username}@district.example.org" if username else ""
    return [sid, "", "", "true", org, role, username, "", first, last, "", identifier, email,
            sms, "", agents, grades, "", language]  # fmt: skip
