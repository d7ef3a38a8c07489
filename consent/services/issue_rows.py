"""The rows of an issuing (requests, their parent links, "issued" events), written in three
INSERTs however many students: consent_issue and a campaign's chunks share this writer."""

from django.db import connection

from consent.links import hash_token, new_nonce, token_for_nonce
from consent.models import ConsentEvent, ConsentLink, ConsentRequest, EventKind, RequestStatus


def issue_rows_insert(*, batch, to_issue, activity, issued_by, now) -> tuple[int, int]:
    """Writes a request per student of ``to_issue`` (each with ``pk`` and ``rights_holders``,
    see issuing.issue_plan), a link per rights holder (a new nonce, its token's hash) and an
    "issued" event per request, inside the caller's transaction. Returns (links, emails):
    how many links, and how many of them have an address to email.

    On PostgreSQL the rows go in as arrays (INSERT ... SELECT FROM unnest): the ORM's
    bulk_create builds and prepares a model instance per row, which was most of the time of a
    large school's issuing; elsewhere (the SQLite demo) bulk_create writes the same rows."""
    links, emails = [], 0
    for student in to_issue:
        for holder in student.rights_holders:
            nonce = new_nonce()
            emails += bool(holder.guardian.email)
            links.append(
                (student.pk, holder.guardian_id, nonce, hash_token(token_for_nonce(nonce)))
            )
    if connection.vendor == "postgresql":
        _insert_unnest(batch, to_issue, links, activity, issued_by, now)
    else:
        _insert_orm(batch, to_issue, links, activity, issued_by, now)
    return len(links), emails


def _insert_unnest(batch, to_issue, links, activity, issued_by, now):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO consent_consentrequest (batch_id, program_id, activity_id, "
            "school_year_id, student_id, school_id, status, created_at) "
            "SELECT %s, %s, %s, %s, s.student_id, %s, %s, %s "
            "FROM unnest(%s::bigint[]) WITH ORDINALITY AS s(student_id, n) ORDER BY s.n "
            "RETURNING id, student_id",
            [
                batch.pk,
                batch.program_id,
                activity.pk if activity is not None else None,
                batch.school_year_id,
                batch.school_id,
                RequestStatus.OPEN,
                now,
                [student.pk for student in to_issue],
            ],
        )
        request_of = {student_id: request_id for request_id, student_id in cursor.fetchall()}
        cursor.execute(
            "INSERT INTO consent_consentlink (request_id, guardian_id, nonce, "
            "token_hash, created_at, send_error, failed_checks) "
            "SELECT l.request_id, l.guardian_id, l.nonce, l.token_hash, %s, '', 0 "
            "FROM unnest(%s::bigint[], %s::bigint[], %s::varchar[], %s::varchar[]) "
            "AS l(request_id, guardian_id, nonce, token_hash)",
            [
                now,
                [request_of[link[0]] for link in links],
                [link[1] for link in links],
                [link[2] for link in links],
                [link[3] for link in links],
            ],
        )
        cursor.execute(
            "INSERT INTO consent_consentevent (request_id, kind, at, user_id, detail) "
            "SELECT r.id, %s, %s, %s, '' FROM unnest(%s::bigint[]) AS r(id) ORDER BY r.id",
            [EventKind.ISSUED, now, issued_by.pk, sorted(request_of.values())],
        )


def _insert_orm(batch, to_issue, links, activity, issued_by, now):
    requests = ConsentRequest.objects.bulk_create(
        [
            ConsentRequest(
                batch=batch,
                student_id=student.pk,
                school_id=batch.school_id,
                activity=activity,
                program_id=batch.program_id,
                school_year_id=batch.school_year_id,
                created_at=now,
            )
            for student in to_issue
        ]
    )
    request_of = {request.student_id: request.pk for request in requests}
    ConsentLink.objects.bulk_create(
        ConsentLink(
            request_id=request_of[student_id],
            guardian_id=guardian_id,
            nonce=nonce,
            token_hash=token_hash,
            created_at=now,
        )
        for student_id, guardian_id, nonce, token_hash in links
    )
    ConsentEvent.objects.bulk_create(
        ConsentEvent(request_id=r.pk, kind=EventKind.ISSUED, user=issued_by, at=now)
        for r in requests
    )
