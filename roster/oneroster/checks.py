"""Checks over a whole staged export (duplicates, references between its files), as SQL over
the session's ro_* tables; each problem names the file, line and column to fix."""

# (file, column, query returning (line, detail)) run after every row has been staged.
DUPLICATES = [
    ("orgs.csv", "sourcedId", "ro_org"),
    ("academicSessions.csv", "sourcedId", "ro_session"),
    (
        "users.csv",
        "sourcedId",
        "(SELECT line, sourced_id FROM ro_user UNION ALL "
        "SELECT line, sourced_id FROM ro_gone WHERE file = 'users.csv') u",
    ),
    ("userProfiles.csv", "sourcedId", "ro_profile"),
]

# A school in the file, or (for a delta file) already in the portal, unless the file
# deletes it.
KNOWN_SCHOOL = (
    "((EXISTS (SELECT 1 FROM ro_org o WHERE o.sourced_id = {id})"
    " OR EXISTS (SELECT 1 FROM roster_school s WHERE s.sourced_id = {id}))"
    " AND NOT EXISTS (SELECT 1 FROM ro_gone g WHERE g.file = 'orgs.csv' AND g.sourced_id = {id}))"
)
# Someone the portal already has (a delta file may name them without listing them).
IN_PORTAL = (
    "(EXISTS (SELECT 1 FROM roster_student s WHERE s.sourced_id = {id})"
    " OR EXISTS (SELECT 1 FROM roster_guardian g WHERE g.sourced_id = {id})"
    " OR EXISTS (SELECT 1 FROM roster_user a WHERE a.sourced_id = {id}))"
)


def _report(staged, cursor, file, column, sql, message):
    cursor.execute(sql + " ORDER BY 1 LIMIT 20")
    for line, detail in cursor.fetchall():
        staged.problem(file, line, column, message.format(detail=detail))


def check_staged(staged, cursor):
    cursor.execute(
        "CREATE INDEX ON ro_org (sourced_id); CREATE INDEX ON ro_session (sourced_id);"
        "CREATE INDEX ON ro_user (sourced_id); CREATE INDEX ON ro_student (sourced_id);"
        "CREATE INDEX ON ro_guardian (sourced_id); CREATE INDEX ON ro_staff (sourced_id);"
        "CREATE INDEX ON ro_demo (sourced_id); CREATE INDEX ON ro_class (sourced_id);"
        "CREATE INDEX ON ro_gone (sourced_id);"
        "ANALYZE ro_org, ro_session, ro_user, ro_student, ro_guardian, ro_staff, ro_demo, ro_gone"
    )
    for file, column, table in DUPLICATES:
        _report(
            staged,
            cursor,
            file,
            column,
            f"SELECT line, sourced_id FROM (SELECT line, sourced_id, row_number() OVER "
            f"(PARTITION BY sourced_id ORDER BY line) AS n FROM {table}) d WHERE n > 1",
            "sourcedId “{detail}” is listed twice.",
        )
    _report(
        staged,
        cursor,
        "users.csv",
        "identifier",
        "SELECT line, student_id FROM (SELECT line, student_id, row_number() OVER "
        "(PARTITION BY student_id ORDER BY line) AS n FROM ro_student) d WHERE n > 1",
        "student ID {detail} belongs to two students.",
    )
    _report(
        staged,
        cursor,
        "academicSessions.csv",
        "schoolYear",
        "SELECT line, label FROM (SELECT line, label, row_number() OVER "
        "(PARTITION BY label ORDER BY line) AS n FROM ro_session WHERE type = 'schoolYear') d "
        "WHERE n > 1",
        "school year {detail} is listed twice.",
    )
    if staged.problems:
        return
    # A student's school: the first of their orgs that is a school (in the file, or for a
    # delta file already in the portal).
    cursor.execute(
        "UPDATE ro_student t SET school_sourced_id = (SELECT u.id FROM "
        "unnest(string_to_array(t.school_sourced_id, ',')) WITH ORDINALITY u(id, n) WHERE "
        + KNOWN_SCHOOL.format(id="u.id")
        + " ORDER BY u.n LIMIT 1)"
    )
    _report(
        staged,
        cursor,
        "users.csv",
        "orgSourcedIds",
        "SELECT line, sourced_id FROM ro_student WHERE school_sourced_id IS NULL",
        "student {detail} belongs to no school in orgs.csv.",
    )
    cursor.execute(
        "DELETE FROM ro_staffrole r WHERE NOT " + KNOWN_SCHOOL.format(id="r.org_sourced_id")
    )
    # Birth dates: demographics.csv, or (delta) the one the portal already has.
    cursor.execute(
        "UPDATE ro_student t SET date_of_birth = d.birth_date FROM ro_demo d "
        "WHERE d.sourced_id = t.sourced_id;"
        "UPDATE ro_student t SET date_of_birth = s.date_of_birth FROM roster_student s "
        "WHERE t.date_of_birth IS NULL AND s.sourced_id = t.sourced_id"
    )
    _report(
        staged,
        cursor,
        "users.csv",
        "sourcedId",
        "SELECT line, sourced_id FROM ro_student WHERE date_of_birth IS NULL",
        "student {detail} has no birth date in demographics.csv.",
    )
    # Guardians and the students they look after, named from either side.
    cursor.execute(
        "INSERT INTO ro_link SELECT DISTINCT ON (s, g.sourced_id) s, g.sourced_id, "
        "g.relationship, g.has_educational_rights FROM ("
        " SELECT unnest(string_to_array(agents, ',')) AS s, sourced_id AS gid FROM ro_guardian"
        " UNION SELECT t.sourced_id, unnest(string_to_array(t.agents, ',')) FROM ro_student t"
        ") pairs JOIN ro_guardian g ON g.sourced_id = pairs.gid"
    )
    _report(
        staged,
        cursor,
        "users.csv",
        "agentSourcedIds",
        "SELECT g.line, l.student_sourced_id FROM ro_link l JOIN ro_guardian g "
        "ON g.sourced_id = l.guardian_sourced_id WHERE NOT EXISTS "
        "(SELECT 1 FROM ro_student t WHERE t.sourced_id = l.student_sourced_id) AND NOT EXISTS "
        "(SELECT 1 FROM roster_student s WHERE s.sourced_id = l.student_sourced_id)",
        "names {detail}, who is not a student in users.csv.",
    )
    _report(
        staged,
        cursor,
        "users.csv",
        "agentSourcedIds",
        "SELECT t.line, a FROM ro_student t, unnest(string_to_array(t.agents, ',')) a "
        "WHERE NOT EXISTS (SELECT 1 FROM ro_user u WHERE u.sourced_id = a) "
        "AND NOT EXISTS (SELECT 1 FROM roster_guardian g WHERE g.sourced_id = a)",
        "names {detail}, who is not in users.csv.",
    )
    # Enrollments: the class and its sessions must exist.
    _report(
        staged,
        cursor,
        "classes.csv",
        "termSourcedIds",
        "SELECT c.line, term FROM ro_class c, unnest(string_to_array(c.terms, ',')) term "
        "WHERE NOT EXISTS (SELECT 1 FROM ro_session s WHERE s.sourced_id = term)"
        # A delta file's classes may name sessions sent before (terms are not kept).
        + (" AND false" if staged.delta else ""),
        "session {detail} is not in academicSessions.csv.",
    )
    _report(
        staged,
        cursor,
        "enrollments.csv",
        "classSourcedId",
        "SELECT e.line, e.class_sourced_id FROM ro_enrol e WHERE NOT EXISTS "
        "(SELECT 1 FROM ro_class c WHERE c.sourced_id = e.class_sourced_id)"
        if "classes.csv" in staged.loaded
        else "SELECT 1, '' WHERE false",
        "class {detail} is not in classes.csv.",
    )
    _report(
        staged,
        cursor,
        "enrollments.csv",
        "userSourcedId",
        "SELECT e.line, e.user_sourced_id FROM ro_enrol e WHERE NOT EXISTS "
        "(SELECT 1 FROM ro_user u WHERE u.sourced_id = e.user_sourced_id)"
        + (" AND false" if staged.delta else ""),
        "user {detail} is not in users.csv.",
    )
    _check_profiles(staged, cursor)
    if staged.delta:
        _check_deletions(staged, cursor)
    cursor.execute("CREATE INDEX ON ro_link (student_sourced_id, guardian_sourced_id)")
    cursor.execute("ANALYZE ro_student, ro_link, ro_staffrole")


def _check_profiles(staged, cursor):
    """OneRoster 1.2: each user profile belongs to a user, and each role's profile exists."""
    _report(
        staged,
        cursor,
        "userProfiles.csv",
        "userSourcedId",
        "SELECT p.line, p.user_sourced_id FROM ro_profile p WHERE NOT EXISTS "
        "(SELECT 1 FROM ro_user u WHERE u.sourced_id = p.user_sourced_id)"
        + (" AND NOT " + IN_PORTAL.format(id="p.user_sourced_id") if staged.delta else ""),
        "user {detail} is not in users.csv.",
    )
    if not staged.delta:
        _report(
            staged,
            cursor,
            "roles.csv",
            "userProfileSourcedId",
            "SELECT r.line, r.profile_sourced_id FROM ro_role_profile r WHERE NOT EXISTS "
            "(SELECT 1 FROM ro_profile p WHERE p.sourced_id = r.profile_sourced_id)",
            "user profile {detail} is not in userProfiles.csv.",
        )


def _check_deletions(staged, cursor):
    """A delta file's deletions that would leave records without their place: a school is
    closed only once it has no students, and school years are never deleted."""
    _report(
        staged,
        cursor,
        "orgs.csv",
        "status",
        "SELECT g.line, sc.name || ' still has ' || count(*) || ' student(s)' FROM ro_gone g "
        "JOIN roster_school sc ON sc.sourced_id = g.sourced_id AND sc.active "
        "JOIN roster_student s ON s.school_id = sc.id AND s.left_on IS NULL "
        "WHERE g.file = 'orgs.csv' AND NOT EXISTS (SELECT 1 FROM ro_gone u "
        "WHERE u.file = 'users.csv' AND u.sourced_id = s.sourced_id) "
        "AND NOT EXISTS (SELECT 1 FROM ro_student t WHERE t.sourced_id = s.sourced_id) "
        "GROUP BY g.line, sc.name",
        "{detail} that this file neither moves nor marks as left; the school is not closed "
        "while it has students.",
    )
    _report(
        staged,
        cursor,
        "academicSessions.csv",
        "status",
        "SELECT g.line, y.label FROM ro_gone g JOIN roster_schoolyear y "
        "ON y.sourced_id = g.sourced_id WHERE g.file = 'academicSessions.csv'",
        "school year {detail} cannot be deleted: consent is given per school year and its "
        "records keep it. Leave the row out of the file.",
    )
