"""Staging a OneRoster export: every row is checked and mapped in Python while the CSVs
stream, and copied (``COPY``) into temporary tables of this database session. The checks
that need the whole export (duplicates, references between files) then run as SQL over
those tables, so memory stays bounded however large the district.

Temporary tables are private to the session and writes to them change no portal data, so
staging is a read of the portal's tables (dry runs stage too); the services merge them."""

import csv
import datetime
import io
import re

import phonenumbers
from django.conf import settings
from django.db import connection

from roster.models import Language, Relationship, SchoolKind
from roster.oneroster.reader import Export, Problem, RosterFileError

GRADES = {
    "PK": -1,
    "KG": 0,
    **{f"{n:02d}": n for n in range(1, 13)},
    **{str(n): n for n in range(1, 13)},
}
GUARDIAN_ROLES = {
    "parent": Relationship.PARENT,
    "guardian": Relationship.LEGAL_GUARDIAN,
    "relative": Relationship.OTHER,
}
# OneRoster role → the portal's school role; other roles (aide, proctor…) are not imported.
STAFF_ROLES = {"teacher": "teacher", "administrator": "principal", "principal": "principal"}
# metadata.language: ISO 639-1 or -2 codes or the language's English name.
LANGUAGES = {
    **dict.fromkeys(("en", "eng", "english"), Language.ENGLISH),
    **dict.fromkeys(("es", "spa", "spanish", "español"), Language.SPANISH),
    **dict.fromkeys(("pl", "pol", "polish"), Language.POLISH),
    **dict.fromkeys(("zh", "zh-hans", "zho", "chi", "chinese"), Language.CHINESE),
    **dict.fromkeys(("ar", "ara", "arabic"), Language.ARABIC),
}
KINDS = {
    "district": SchoolKind.DISTRICT_RUN,
    "magnet": SchoolKind.MAGNET,
    "charter": SchoolKind.CHARTER,
}
STUDENT_ID = re.compile(r"^\d{6,12}$")
MAX_PROBLEMS = 50
CHUNK = 20_000

TABLES = """
CREATE TEMP TABLE ro_org (line int, sourced_id text, name text, code text, kind text);
CREATE TEMP TABLE ro_session (line int, sourced_id text, type text, label text,
    first_day date, last_day date);
CREATE TEMP TABLE ro_user (line int, sourced_id text, role text);
CREATE TEMP TABLE ro_student (line int, sourced_id text, student_id text, first_name text,
    last_name text, grade smallint, school_sourced_id text, agents text, date_of_birth date);
CREATE TEMP TABLE ro_guardian (line int, sourced_id text, first_name text, last_name text,
    email text, mobile_phone text, preferred_language text, relationship text,
    has_educational_rights boolean, agents text);
CREATE TEMP TABLE ro_staff (line int, sourced_id text, username text, first_name text,
    last_name text, email text);
CREATE TEMP TABLE ro_staffrole (line int, user_sourced_id text, role text, org_sourced_id text);
CREATE TEMP TABLE ro_demo (line int, sourced_id text, birth_date date);
CREATE TEMP TABLE ro_class (line int, sourced_id text, terms text);
CREATE TEMP TABLE ro_enrol (line int, class_sourced_id text, user_sourced_id text);
CREATE TEMP TABLE ro_link (student_sourced_id text, guardian_sourced_id text,
    relationship text, has_educational_rights boolean);
CREATE TEMP TABLE ro_gone (file text, line int, sourced_id text, type text);
CREATE TEMP TABLE ro_role_gone (file text, line int, user_sourced_id text, role text,
    org_sourced_id text);
CREATE TEMP TABLE ro_profile (line int, sourced_id text, user_sourced_id text);
CREATE TEMP TABLE ro_role_profile (line int, profile_sourced_id text);
"""
TEMP_TABLES = re.findall(r"CREATE TEMP TABLE (\w+)", TABLES)


class Staged:
    """What staging found: the mode, the files and the row counts; the rows are in the
    session's ro_* tables until ``drop()``."""

    def __init__(self):
        self.delta = False
        self.files = {}
        self.problems: list[Problem] = []
        self.loaded: set[str] = set()

    def problem(self, file, line, column, message):
        self.problems.append(Problem(file, line, column, message))
        if len(self.problems) >= MAX_PROBLEMS:
            raise RosterFileError(
                [*self.problems, Problem(file, 0, "", "too many problems; stopped.")]
            )

    @staticmethod
    def drop():
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS " + ", ".join(TEMP_TABLES))


class _Copier:
    """Buffers rows and copies them into one temporary table every CHUNK rows."""

    def __init__(self, cursor, table):
        self.cursor, self.table, self.rows = cursor, table, []

    def add(self, *row):
        self.rows.append(row)
        if len(self.rows) >= CHUNK:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in self.rows:
            writer.writerow(["\\N" if v is None else v for v in row])
        buffer.seek(0)
        self.cursor.copy_expert(
            f"COPY {self.table} FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
        )
        self.rows = []


def _date(staged, file, line, column, value, required=True):
    if not value.strip():
        if required:
            staged.problem(file, line, column, "a date is needed.")
        return None
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        staged.problem(file, line, column, f"“{value}” is not a date (YYYY-MM-DD).")
        return None


def _ids(value):
    return ",".join(part.strip() for part in value.split(",") if part.strip())


def stage(export: Export, *, progress=print) -> Staged:
    """Checks the export and loads it into the ro_* tables; raises RosterFileError (after
    dropping them) if anything is wrong."""
    staged = Staged()
    Staged.drop()
    try:
        with connection.cursor() as cursor:
            cursor.execute(TABLES)
            _stage_manifest(staged, export)
            _stage_orgs(staged, export, cursor)
            _stage_sessions(staged, export, cursor)
            _stage_users(staged, export, cursor, progress)
            for name, loader in (
                ("userProfiles.csv", _stage_profiles),
                ("demographics.csv", _stage_demographics),
                ("classes.csv", _stage_classes),
                ("enrollments.csv", _stage_enrollments),
            ):
                if export.has(name) and staged.files.get(name, "bulk") != "absent":
                    loader(staged, export, cursor)
                    staged.loaded.add(name)
            if staged.problems:
                raise RosterFileError(staged.problems)
            from roster.oneroster.checks import check_staged

            progress("Checking references between the files…")
            check_staged(staged, cursor)
            if staged.problems:
                raise RosterFileError(staged.problems)
    except RosterFileError:
        Staged.drop()
        raise
    return staged


def _stage_manifest(staged, export):
    for _line, row in export.rows("manifest.csv"):
        name, value = row["propertyName"].strip(), row["value"].strip().lower()
        if name.startswith("file."):
            staged.files[name[5:] + ".csv"] = value
            if value == "delta":
                staged.delta = True
        elif name == "processingMode" and value == "delta":
            staged.delta = True


def _org_kind(row):
    kind = (row.get("metadata.kind") or "").strip().lower()
    if kind:
        return KINDS.get(kind)
    if row["sourcedId"] in getattr(settings, "ROSTER_CHARTER_ORGS", ()):
        return SchoolKind.CHARTER
    if row["sourcedId"] in getattr(settings, "ROSTER_MAGNET_ORGS", ()):
        return SchoolKind.MAGNET
    return SchoolKind.DISTRICT_RUN


def _stage_orgs(staged, export, cursor):
    copier, gone = _Copier(cursor, "ro_org"), _Copier(cursor, "ro_gone")
    for line, row in export.rows("orgs.csv"):
        if _deleted(row):
            gone.add("orgs.csv", line, row["sourcedId"].strip(), row["type"].strip())
            continue
        if row["type"].strip() != "school":
            continue
        code = row["identifier"].strip()
        if not code or len(code) > 12:
            staged.problem(
                "orgs.csv", line, "identifier", "a school needs a code of 1 to 12 characters."
            )
        kind = _org_kind(row)
        if kind is None:
            staged.problem(
                "orgs.csv", line, "metadata.kind", "must be district, magnet or charter."
            )
        copier.add(line, row["sourcedId"].strip(), row["name"].strip()[:200], code, kind)
    copier.flush()
    gone.flush()


def _stage_sessions(staged, export, cursor):
    copier, gone = _Copier(cursor, "ro_session"), _Copier(cursor, "ro_gone")
    file = "academicSessions.csv"
    for line, row in export.rows(file):
        if _deleted(row):
            gone.add(file, line, row["sourcedId"].strip(), row["type"].strip())
            continue
        kind = row["type"].strip()
        first = _date(staged, file, line, "startDate", row["startDate"])
        last = _date(staged, file, line, "endDate", row["endDate"])
        label = None
        if kind == "schoolYear":
            year = row["schoolYear"].strip()
            if not re.fullmatch(r"\d{4}", year):
                staged.problem(
                    file, line, "schoolYear", "must be the year the school year ends, like 2027."
                )
            else:
                label = f"{int(year) - 1}-{year[2:]}"
            if first and last and first >= last:
                staged.problem(file, line, "endDate", "the school year must end after it starts.")
        copier.add(line, row["sourcedId"].strip(), kind, label, first, last)
    copier.flush()
    gone.flush()


def _stage_users(staged, export, cursor, progress):
    users = _Copier(cursor, "ro_user")
    students = _Copier(cursor, "ro_student")
    guardians = _Copier(cursor, "ro_guardian")
    staff = _Copier(cursor, "ro_staff")
    roles = _Copier(cursor, "ro_staffrole")
    gone = _Copier(cursor, "ro_gone")
    rights = {
        **{"parent": True, "guardian": True, "relative": False},
        **getattr(settings, "ROSTER_EDUCATIONAL_RIGHTS", {}),
    }
    file = "users.csv"
    roles12 = _roles_12(staged, export, cursor) if export.has("roles.csv") else {}
    count = 0
    for line, row in export.rows(file):
        count += 1
        if count % 100_000 == 0:
            progress(f"Read {count:,} users…")
        sid = row["sourcedId"].strip()
        role = row.get("role", "").strip()  # 1.1; 1.2 gives roles in roles.csv
        if _deleted(row):
            gone.add(file, line, sid, role)
            continue
        orgs = _ids(row.get("orgSourcedIds", ""))
        if sid in roles12:
            role = role or roles12[sid][0]
            orgs = orgs or ",".join(roles12[sid][1])
        if not sid:
            staged.problem(file, line, "sourcedId", "is empty.")
            continue
        users.add(line, sid, role)
        given, family = row["givenName"].strip()[:100], row["familyName"].strip()[:100]
        email = row["email"].strip()
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            staged.problem(file, line, "email", f"“{email}” is not an email address.")
        if role == "student":
            identifier = row["identifier"].strip()
            if not STUDENT_ID.match(identifier):
                staged.problem(file, line, "identifier", "a student's ID is 6 to 12 digits.")
            grade_code = (row.get("grades") or "").split(",")[0].strip()
            if grade_code not in GRADES:
                staged.problem(
                    file, line, "grades", f"“{grade_code}” is not a grade from PK, KG, 01 to 12."
                )
            students.add(
                line,
                sid,
                identifier,
                given,
                family,
                GRADES.get(grade_code),
                orgs,
                _ids(row.get("agentSourcedIds", "")),
                None,
            )
        elif role in GUARDIAN_ROLES:
            raw_phone = (row.get("sms") or row.get("phone") or "").strip()
            phone = _phone(raw_phone)
            if phone is None:
                column = "sms" if row.get("sms") else "phone"
                staged.problem(file, line, column, f"“{raw_phone}” is not a phone number.")
            language_code = (row.get("metadata.language") or "").strip().lower()
            language = (
                LANGUAGES.get(language_code, Language.OTHER) if language_code else Language.ENGLISH
            )
            guardians.add(
                line,
                sid,
                given,
                family,
                email.lower(),
                phone,
                language,
                GUARDIAN_ROLES[role],
                rights.get(role, True),
                _ids(row.get("agentSourcedIds", "")),
            )
        elif role in STAFF_ROLES:
            username = (row.get("username") or "").strip() or email or sid
            staff.add(line, sid, username[:150], given, family, email.lower())
            for org in orgs.split(","):
                if org:
                    roles.add(line, sid, STAFF_ROLES[role], org)
    for copier in (users, students, guardians, staff, roles, gone):
        copier.flush()
    progress(f"Read {count:,} users.")


# A North American number already written as +1 and ten digits: by far the most common
# form in an SIS export, taken as it is (phonenumbers' full parse costs ~40 µs a number).
NANP_E164 = re.compile(r"\+1[2-9]\d\d[2-9]\d{6}")


def _phone(raw: str) -> str | None:
    """The number in E.164 form, "" for none, None if it is not a phone number."""
    if not raw or NANP_E164.fullmatch(raw):
        return raw
    try:
        region = getattr(settings, "PHONENUMBER_DEFAULT_REGION", None) or "US"
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _stage_demographics(staged, export, cursor):
    copier = _Copier(cursor, "ro_demo")
    file = "demographics.csv"
    today = datetime.date.today()
    for line, row in export.rows(file):
        born = _date(staged, file, line, "birthDate", row["birthDate"], required=False)
        if born and not (today.replace(year=today.year - 100) <= born <= today):
            staged.problem(file, line, "birthDate", f"{born} is not a possible birth date.")
        copier.add(line, row["sourcedId"].strip(), born)
    copier.flush()


def _stage_classes(staged, export, cursor):
    copier = _Copier(cursor, "ro_class")
    for line, row in export.rows("classes.csv"):
        copier.add(line, row["sourcedId"].strip(), _ids(row["termSourcedIds"]))
    copier.flush()


def _deleted(row) -> bool:
    return row.get("status", "").strip().lower() == "tobedeleted"


def _stage_enrollments(staged, export, cursor):
    copier, ended = _Copier(cursor, "ro_enrol"), _Copier(cursor, "ro_role_gone")
    for line, row in export.rows("enrollments.csv"):
        user = row["userSourcedId"].strip()
        if not _deleted(row):
            copier.add(line, row["classSourcedId"].strip(), user)
        elif row["role"].strip() in STAFF_ROLES:
            # A portal role ends with it; a student's class is not kept in the portal.
            role = STAFF_ROLES[row["role"].strip()]
            ended.add("enrollments.csv", line, user, role, row["schoolSourcedId"].strip())
    copier.flush()
    ended.flush()


def _stage_profiles(staged, export, cursor):
    """OneRoster 1.2 userProfiles.csv: a user's accounts in other systems. The portal keeps
    none of them (staff sign in through the district's provider, matched by email); each
    row is checked, and names a user of the export."""
    copier, file = _Copier(cursor, "ro_profile"), "userProfiles.csv"
    for line, row in export.rows(file):
        if _deleted(row):
            continue
        for column in ("sourcedId", "userSourcedId", "profileType", "vendorId"):
            if not row[column].strip():
                staged.problem(file, line, column, "is empty.")
        copier.add(line, row["sourcedId"].strip(), row["userSourcedId"].strip())
    copier.flush()


def _roles_12(staged, export, cursor):
    """OneRoster 1.2: a user's roles at each org come from roles.csv, not users.csv; read
    into a map (user sourcedId → [role, [org sourcedIds]]), primary role first. A role
    to be deleted ends that school role; a role's user profile is checked later."""
    roles = {}
    ended, profiles = _Copier(cursor, "ro_role_gone"), _Copier(cursor, "ro_role_profile")
    for line, row in export.rows("roles.csv"):
        user, role, org = (
            row["userSourcedId"].strip(),
            row["role"].strip(),
            row["orgSourcedId"].strip(),
        )
        if (row.get("userProfileSourcedId") or "").strip():
            profiles.add(line, row["userProfileSourcedId"].strip())
        if _deleted(row):
            if role in STAFF_ROLES:
                ended.add("roles.csv", line, user, STAFF_ROLES[role], org)
            continue
        entry = roles.setdefault(user, [role, []])
        if row.get("roleType", "").strip() == "primary":
            entry[0] = role
        if org:
            entry[1].append(org)
    ended.flush()
    profiles.flush()
    return roles
