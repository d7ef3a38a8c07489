"""The JSON API of the district's bulk-texting system: key authentication (keys in
consent.services.keys), a per-key rate limit, and two reads."""

import json
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from aup_portal import ratelimit
from aup_portal.errors import api_error
from aup_portal.http import client_ip
from consent import openapi
from consent.designations import texting_answers
from consent.exports import covered_queryset, iter_covered, log_release
from consent.forms.school import STUDENT_ID_FORMAT
from consent.models import TextingProgram, TextingSystemKey
from consent.selectors import programs_at
from consent.services.keys import hash_key, texting_key_mark_used
from roster.models import AccessPurpose, School, Student, User
from roster.services import record_access_log


def _unauthorized() -> JsonResponse:
    # One answer for a missing, unknown or revoked key: nothing to learn from the difference.
    return api_error(
        401,
        "unauthorized",
        "Send a valid API key as 'Authorization: Bearer <key>'.",
        WWW_Authenticate='Bearer realm="aup-portal"',
    )


def rate_per_minute() -> int:
    return settings.TEXTING_API_RATE_PER_MINUTE


def _over_limit(key: TextingSystemKey) -> int:
    """Counts this call in the key's calendar minute; the seconds to wait if over the limit."""
    limit = ratelimit.Limit("texting-api", rate_per_minute(), 60, on_the_clock=True)
    usage = ratelimit.hit(limit, key.pk)
    return usage.retry_after if usage.exceeded else 0


def texting_api(view):
    """An API view: GET only, key-authenticated (no session, no CSRF), rate-limited per key;
    every answer is JSON (aup_portal.errors does the same for errors outside the views)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return api_error(
                405, "method_not_allowed", "The API answers GET only.", Allow="GET, HEAD"
            )
        scheme, _, key = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            return _unauthorized()
        system = TextingSystemKey.objects.filter(
            key_hash=hash_key(key.strip()), revoked_at__isnull=True
        ).first()
        if system is None:
            return _unauthorized()
        wait = _over_limit(system)
        if wait:
            return api_error(
                429,
                "rate_limited",
                f"More than {rate_per_minute()} calls this minute; retry in {wait} seconds.",
                Retry_After=str(wait),
            )
        texting_key_mark_used(key=system)
        return view(request, system, *args, **kwargs)

    return login_not_required(csrf_exempt(never_cache(wrapper)))


@texting_api
def student_coverage(request, system, student_id):
    """May the system text this student today, per program, and if not why; with ``?staff=``
    (a district email address), for that staff member (consent.designations)."""
    student = None
    if _valid_student_id(student_id):
        student = Student.objects.select_related("school").filter(student_id=student_id).first()
    if student is None:
        return api_error(404, "not_found", "No student with this ID.")
    email = request.GET.get("staff", "").strip()
    staff = None
    if email:
        staff = User.objects.filter(email__iexact=email, is_active=True).order_by("pk").first()
        if staff is None:
            return api_error(404, "staff_not_found", "No staff member with this email address.")
    record_access_log(
        student=student,
        action="checked whether the texting system may text the student",
        purpose=AccessPurpose.TEXTING_CHECK,
        system=system.name,
        ip=client_ip(request),
    )
    today = timezone.localdate()
    offered = list(programs_at(schools=student.school))
    answers = texting_answers(student=student, programs=offered, staff=staff, day=today)
    programs = [
        {
            "program": program.slug,
            "name": program.name,
            "allowed": answer.allowed,
            "reason_code": answer.code,
            "status": answer.label,
            "reason": answer.reason,
            "designated_staff_only": program.needs_designation,
            "activity": answer.activity.name if answer.activity else None,
        }
        for program, answer in answers
    ]
    return JsonResponse(
        {
            "student_id": student.student_id,
            "school_code": student.school.code,
            "date": today.isoformat(),
            "staff": staff.email if staff else None,
            "programs": programs,
        }
    )


def _valid_student_id(value: str) -> bool:
    try:
        STUDENT_ID_FORMAT(value)
    except ValidationError:  # a malformed ID is simply unknown
        return False
    return True


@texting_api
def program_covered(request, system, slug):
    """The students of one school covered today under one program, with their mobiles,
    streamed (constant memory: the students are read in chunks as the answer goes out)."""
    program = TextingProgram.objects.filter(slug=slug).first()
    if program is None:
        return api_error(404, "not_found", "No program with this slug.")
    code = request.GET.get("school", "")
    if not code:
        return api_error(400, "school_required", "Name the school: ?school=<school code>.")
    school = School.objects.filter(code=code).first()
    if school is None:
        return api_error(404, "not_found", "No school with this code.")
    covered = covered_queryset(program=program, school=school)
    # Logged before the first byte (the students' ids, in chunks); the list then streams.
    ids = log_release(
        covered,
        action=f"exported for {program.name} ({{count}} students)",
        purpose=AccessPurpose.TEXTING_EXPORT,
        system=system.name,
        ip=client_ip(request),
    )
    head = {
        "program": program.slug,
        "school_code": school.code,
        "date": timezone.localdate().isoformat(),
        "count": len(ids),
    }

    def body():
        yield json.dumps(head, cls=DjangoJSONEncoder)[:-1] + ', "students": ['
        for n, item in enumerate(iter_covered(covered, ids)):
            yield ("," if n else "") + json.dumps(item.row(program), cls=DjangoJSONEncoder)
        yield "]}"

    return StreamingHttpResponse(body(), content_type="application/json")


@login_not_required
@never_cache
def description(request):
    """The OpenAPI 3 description of this API (consent/openapi.py); public, like any API's."""
    if request.method not in ("GET", "HEAD"):
        return api_error(405, "method_not_allowed", "GET only.", Allow="GET, HEAD")
    return JsonResponse(openapi.description())
