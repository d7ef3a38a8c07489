"""The generated district's consent rows (scripts/district.py): batches, requests, parents'
links, events, signed records, record-access rows, and exception requests with the CEO-approved
programs they run."""

import datetime
import hashlib
import itertools

from district import SEED, _at, _cols, _phone


def consent_rows(load, rng, c, schools, students, guardians, links_of, principal_of, years, now):
    """Requests for every eligible student until the scale's count, their links, events and
    (for answered ones) signed records; then who viewed those records."""
    from django.conf import settings

    from consent.links import hash_token, token_for_nonce
    from consent.models import (
        ConsentEvent,
        ConsentFormText,
        ConsentLink,
        ConsentRecord,
        ConsentRequest,
        IssueBatch,
        TextingProgram,
    )
    from consent.services.signing import record_canonical
    from roster.models import CumulativeDocument, RecordAccess

    current, previous = years
    # Consent requests: this year bulk alerts, re-engagement, safety meet-ups; then last year's,
    # until the scale's count. One batch per program, year and school.
    programs = {p.slug: p for p in TextingProgram.objects.filter(school__isnull=True)}
    texts = {}
    for text in ConsentFormText.objects.order_by("version"):
        texts[(text.program_id, text.language)] = text
    by_school = [[] for _ in schools]
    for student in students:
        by_school[student[1]].append(student)
    plan, budget = [], c["requests"]
    for year in (current, previous):
        for slug in ("bulk-alerts", "reengagement", "safety-meetup"):
            program = programs[slug]
            for index, school in enumerate(schools):
                if school[2] == "charter" or budget <= 0:
                    continue
                eligible = [
                    s
                    for s in by_school[index]
                    if program.lowest_grade <= s[2] <= program.highest_grade
                ][:budget]
                if eligible:
                    plan.append((len(plan) + 1, program, year, index, eligible))
                    budget -= len(eligible)
    load.copy(
        IssueBatch,
        _cols(
            "id program_id school_year_id school_id issued_by_id issued_at scope issued_count "
            "skipped skipped_students"
        ),
        (
            (
                bid,
                program.pk,
                year.pk,
                index + 1,
                principal_of[index + 1],
                _at(year.first_day, 14 * 86400 + bid),
                "Every eligible student",
                len(eligible),
                "{}",
                "{}",
            )
            for bid, program, year, index, eligible in plan
        ),
    )

    requests, links, events, records = [], [], [], []
    for bid, program, year, index, eligible in plan:
        this_year = year.pk == current.pk
        for sid, _i, _grade, _dob, _first, _last in eligible:
            rid = len(requests) + 1
            roll = rng.random()
            if this_year:
                status = "answered" if roll < 0.55 else ("open" if roll < 0.98 else "cancelled")
            else:
                status = "answered" if roll < 0.8 else "cancelled"
            created = _at(year.first_day, 14 * 86400 + bid)
            requests.append((rid, bid, program.pk, year.pk, sid, index + 1, status, created))
            events.append((rid, "issued", created, principal_of[index + 1], None))
            own = [(g, r) for g, r, ok in links_of[sid - 1] if ok]
            for gid, _r in own:
                links.append((len(links) + 1, rid, gid, created))
                events.append((rid, "emailed", created, None, gid))
            if status != "answered":
                continue
            gid, relationship = own[0]
            lid = len(links) - len(own) + 1
            signed = min(created + datetime.timedelta(seconds=rng.randint(3600, 20 * 86400)), now)
            events.append((rid, "opened", signed - datetime.timedelta(minutes=3), None, gid))
            events.append((rid, "signed", signed, None, gid))
            guardian = guardians[gid - 1]
            text = (
                texts.get((program.pk, "es" if guardian[3] == "es" else "en"))
                or texts[(program.pk, "en")]
            )
            grant = rng.random() < 0.85
            student_mobile = _phone(5_000_000 + sid) if grant else ""
            fields = {
                "request": rid,
                "program": program.slug,
                "school_year": year.label,
                "student": f"{20000000 + sid}",
                "guardian": gid,
                "decision": "grant" if grant else "decline",
                "signer_name": f"{guardian[1]} {guardian[2]}",
                "relationship": relationship,
                "student_mobile": student_mobile,
                "parent_mobile": "",
                "duplicate_alerts": False,
                "form_text": {
                    "language": text.language,
                    "version": text.version,
                    "sha256": hashlib.sha256(f"{text.title}\n\n{text.body}".encode()).hexdigest(),
                },
                "esign_agreed": True,
                "source": "electronic",
                "signed_at": signed.astimezone(datetime.UTC).isoformat(),
                "ip_address": "198.51.100.7",
                "user_agent": "Mozilla/5.0 (bench)",
            }
            canonical, sha = record_canonical(fields)
            records.append(
                (
                    len(records) + 1,
                    rid,
                    lid,
                    gid,
                    fields["decision"],
                    fields["signer_name"],
                    relationship,
                    student_mobile,
                    "",
                    False,
                    text.pk,
                    True,
                    "electronic",
                    signed,
                    "198.51.100.7",
                    "Mozilla/5.0 (bench)",
                    canonical,
                    sha,
                )
            )
    load.copy(
        ConsentRequest,
        _cols("id batch_id program_id school_year_id student_id school_id status created_at"),
        requests,
    )
    key = settings.LINK_SIGNING_KEY

    def link_rows():
        for lid, rid, gid, created in links:
            nonce = hashlib.sha256(f"bench-{SEED}-{lid}".encode()).hexdigest()
            yield (
                lid,
                rid,
                gid,
                nonce,
                hash_token(token_for_nonce(nonce, key)),
                created,
                created,
                "",
                0,
            )

    load.copy(
        ConsentLink,
        _cols(
            "id request_id guardian_id nonce token_hash created_at last_sent_at send_error "
            "failed_checks"
        ),
        link_rows(),
    )
    load.copy(
        ConsentEvent,
        _cols("id request_id kind at user_id guardian_id detail"),
        (
            (k, rid, kind, at, uid, gid, "")
            for k, (rid, kind, at, uid, gid) in enumerate(events, start=1)
        ),
    )
    # The records' filed PDFs: rows of the cumulative record (one shared placeholder file, the
    # bench never opens it), as consent.services.filing leaves them; one record in 20 is not
    # filed yet (the worker row of the benchmark files some).
    placeholder = hashlib.sha256(b"bench placeholder").hexdigest()
    load.copy(
        CumulativeDocument,
        _cols(
            "id student_id kind school_year_id title file content_type sha256 size "
            "added_by_name added_by_position added_at"
        ),
        (
            (
                record[0],
                requests[record[1] - 1][4],
                "consent_form",
                requests[record[1] - 1][3],
                "Texting consent form (signed electronically)",
                "cumulative/bench/placeholder.pdf",
                "application/pdf",
                placeholder,
                40_000,
                "AUP Portal",
                "Automatic filing",
                record[13] + datetime.timedelta(minutes=1),
            )
            for record in records
            if record[0] % 20
        ),
    )
    load.copy(
        ConsentRecord,
        _cols(
            "id request_id link_id guardian_id decision signer_name relationship student_mobile "
            "parent_mobile duplicate_alerts form_text_id esign_agreed source signed_at ip_address "
            "user_agent canonical sha256 document_id"
        ),
        ((*record, record[0] if record[0] % 20 else None) for record in records),
    )

    # Who viewed signed forms: principals, and guardians their own copy.
    def access_rows():
        for k in range(1, c["accesses"] + 1):
            record = records[rng.randrange(len(records))]
            sid = requests[record[1] - 1][4]
            school = requests[record[1] - 1][5]
            by_guardian = k % 3 == 0
            yield (
                k,
                sid,
                None if by_guardian else principal_of[school],
                record[3] if by_guardian else None,
                "",
                "downloaded the signed form" if by_guardian else "viewed the signed form",
                "guardian_copy" if by_guardian else "records_review",
                "198.51.100.9",
                record[13] + datetime.timedelta(days=1, seconds=k),
            )

    load.copy(
        RecordAccess,
        _cols("id student_id user_id guardian_id system action purpose ip_address at"),
        access_rows(),
    )


def exception_rows(load, rng, c, schools, users, current, now):
    """Exception requests at every stage; the approved ones run CEO-approved programs."""
    from consent.models import TextingProgram
    from exceptions.models import ExceptionEvent, ExceptionRequest

    open_schools = [s for s in schools if s[2] != "charter"]
    teachers = {}
    for uid, _n, _s, role, school in users:
        if role == "teacher":
            teachers.setdefault(school, uid)
    first_program = TextingProgram.objects.order_by("-id").values_list("id", flat=True)[0] + 1
    rows, programs, events = [], [], []
    stages = _cols("draft submitted endorsed recommended declined withdrawn ended")
    for k in range(1, c["exceptions"] + 1):
        school = open_schools[k % len(open_schools)]
        requester = teachers.get(school[0], 3)
        approved = k <= c["approved_exceptions"]
        status = "approved" if approved else stages[k % len(stages)]
        created = now - datetime.timedelta(days=200, seconds=-k * 2000)
        program = first_program + k - 1 if approved else None
        if approved:
            programs.append(
                (
                    program,
                    f"ceo-approved-{k}",
                    f"Club texting {k} ({school[1]})",
                    "ceo_approved",
                    "Texts about the club's meetings.",
                    "Text only about the club.",
                    school[3],
                    school[4],
                    False,
                    False,
                    False,
                    True,
                    True,
                    True,
                    200,
                    school[0],
                    current.last_day,
                )
            )
        rows.append(
            (
                k,
                requester,
                school[0],
                f"Club texting {k}",
                school[3],
                school[4],
                30,
                "Reminders about meetings.",
                "No standard program covers clubs.",
                "Remind",
                True,
                True,
                "",
                current.first_day,
                current.last_day,
                status,
                "school",
                "",
                created,
                created,
                created,
                created,
                program,
                "",
                "",
                "",
                "",
                "",
            )
        )
        path = _cols("draft submitted endorsed recommended approved")
        steps = path if approved else (["draft", status] if status != "draft" else [])
        for before, after in itertools.pairwise(steps):
            events.append((k, after, requester, "requester", before, after, created))
    load.copy(
        TextingProgram,
        _cols(
            "id slug name kind summary staff_rules lowest_grade highest_grade "
            "requires_principal_countersign allows_duplicate_alerts needs_designation "
            "group_texts_include_parent copy_staff_district_email active position school_id "
            "ends_on"
        ),
        programs,
    )
    load.copy(
        ExceptionRequest,
        _cols(
            "id requester_id school_id title lowest_grade highest_grade student_count purpose "
            "why_no_standard_program platform group_texts_include_parent "
            "copy_staff_district_email other_texters starts_on ends_on status route returned_from "
            "status_changed_at first_submitted_at created_at updated_at program_id "
            "parent_title_en parent_body_en parent_title_es parent_body_es platform_flag_reason"
        ),
        rows,
    )
    load.copy(
        ExceptionEvent,
        _cols("id request_id transition actor_id actor_role from_status to_status comment at"),
        (
            (k, rid, t, actor, role, before, after, "", at)
            for k, (rid, t, actor, role, before, after, at) in enumerate(events, start=1)
        ),
    )
