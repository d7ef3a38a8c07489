"""The executable permission matrix: every named URL of the project, requested as every role,
answers with the status its row says. A URL added without a row fails the first test, by name.

Objects in URLs belong to school A (principal A's school), so principal B must get a 404
where a principal A gets the page. Each role's request runs in a savepoint that is rolled back,
so a write one role may make (a countersignature, a revocation) does not change what the next
role sees."""

import datetime
from functools import cached_property

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from background.services import worker_heartbeat
from consent.models import (
    Activity,
    Campaign,
    ConsentLink,
    Designation,
    IssueBatch,
    LetterFile,
)
from consent.services.filing import consent_file_pdf
from consent.services.forms_text import current_form_text
from consent.services.letters import letter_codes_assign
from consent.services.signing import consent_sign
from exceptions import services as exception_services
from faq.models import Audience
from platforms import services as platform_services
from platforms.models import PlatformUse, SurveyDelegate
from platforms.services import survey as platform_survey
from platforms.services.consults import consult_request
from tests.consent.conftest import make_link, standard_program, verify
from tests.exceptions.conftest import FIELDS, approved_platform, walk
from tests.factories import SchoolYearFactory, StudentFactory, StudentGuardianFactory
from tests.helpers import pdf_file
from tests.platforms import conftest as platform_helpers

ROLES = [
    "anonymous",
    "parent",  # no account: a browser that verified the Lopez family's link (date of birth)
    "teacher_a",
    "principal_a",
    "principal_b",
    "its_reviewer",
    "cio",
    "ceo_office",
    "content_editor",
    "administrator",
]

LOGIN = "login"  # 302 to /accounts/login/?next=<the URL>
PUBLIC = (200,) * len(ROLES)
STAFF = (LOGIN, LOGIN)  # anonymous and the parent: neither has a staff account

# What each role gets from each URL, in ROLES order. 302 is a redirect anywhere but the
# sign-in page: the step done (post/redirect/get), or the parent's step 1 for a browser that
# has not verified the link. Principal B's 200s on school-wide pages show their own school.
MATRIX = {
    # (anonymous, parent, teacher A, principal A, principal B, ITS, CIO, CEO, editor, admin)
    "home": PUBLIC,
    "healthz": PUBLIC,
    "healthz_live": PUBLIC,
    "healthz_ready": PUBLIC,  # with a worker's heartbeat (REQUESTS); without one it is a 503
    "login": PUBLIC,
    "logout": (*STAFF, 302, 302, 302, 302, 302, 302, 302, 302),
    "password_change": (*STAFF, 200, 200, 200, 200, 200, 200, 200, 200),
    "password_change_done": (*STAFF, 200, 200, 200, 200, 200, 200, 200, 200),
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,  # a link that doesn't work: the page says so
    "password_reset_complete": PUBLIC,
    # District sign-in is off in these tests (no OIDC_CLIENT_ID): its pages do not exist;
    # tests/oidc/ covers them with a provider.
    "oidc_authentication_init": (404,) * len(ROLES),
    "oidc_authentication_callback": (404,) * len(ROLES),
    "faq:index": PUBLIC,
    "faq:ask": PUBLIC,
    "faq:ask_thanks": PUBLIC,
    "faq:archive": PUBLIC,
    "faq:audience": PUBLIC,
    "guidance:programs": PUBLIC,
    "consent:dashboard": (*STAFF, 403, 200, 200, 200, 200, 403, 403, 200),
    # Exact targets: principal B naming school A gets a 404, never their own school instead.
    "consent:students_csv": (*STAFF, 403, 200, 404, 200, 200, 403, 403, 200),
    "consent:remind": (*STAFF, 403, 302, 404, 302, 302, 403, 403, 302),
    "consent:renew": (*STAFF, 403, 302, 404, 302, 302, 403, 403, 302),
    "consent:issue": (*STAFF, 403, 200, 200, 200, 200, 403, 403, 200),
    "consent:batch": (*STAFF, 404, 200, 404, 200, 200, 404, 404, 200),
    "consent:batch_progress": (*STAFF, 404, 200, 404, 200, 200, 404, 404, 200),
    # District-wide campaigns are ITS's: others may not start one (403) nor find one (404).
    "consent:campaign_new": (*STAFF, 403, 403, 403, 200, 200, 403, 403, 200),
    "consent:campaign": (*STAFF, 404, 404, 404, 200, 200, 404, 404, 200),
    "consent:campaign_progress": (*STAFF, 404, 404, 404, 200, 200, 404, 404, 200),
    "consent:countersign_queue": (*STAFF, 403, 200, 200, 403, 403, 403, 403, 200),
    "consent:countersign": (*STAFF, 404, 302, 404, 404, 404, 404, 404, 302),
    # Countersign selected naming school A's consent: principal B gets a 404.
    "consent:countersign_selected": (*STAFF, 403, 302, 404, 403, 403, 403, 403, 302),
    "consent:record_pdf": (*STAFF, 404, 200, 404, 200, 200, 404, 404, 200),
    "consent:countersign_form": (*STAFF, 404, 200, 404, 404, 404, 404, 404, 200),
    "consent:batch_letters": (*STAFF, 403, 200, 404, 200, 200, 403, 403, 200),
    "consent:batch_letters_prepare": (*STAFF, 403, 302, 404, 302, 302, 403, 403, 302),
    "consent:letter_file": (*STAFF, 404, 200, 404, 200, 200, 404, 404, 200),
    "consent:code": PUBLIC,
    "consent:code_go": (302,) * len(ROLES),  # to the link's signing page
    "consent:paper_start": (*STAFF, 403, 200, 200, 200, 200, 403, 403, 200),
    "consent:paper_record": (*STAFF, 403, 200, 404, 200, 200, 403, 403, 200),
    # A student of school A never asked: the page, and nothing created until the form is recorded.
    "consent:paper_record_new": (*STAFF, 403, 200, 404, 200, 200, 403, 403, 200),
    # The parent's flow: everyone reaches step 1; only the verified browser gets further
    # (its answer and withdrawal redirect back to the signing page, like step 1 does).
    "consent:sign": PUBLIC,
    "consent:sign_decide": (302,) * len(ROLES),
    "consent:sign_withdraw": (302,) * len(ROLES),
    "consent:sign_phones": (302,) * len(ROLES),
    "consent:sign_copy": (302, 200, 302, 302, 302, 302, 302, 302, 302, 302),
    # The parent's browser reaches it; the link's guardian has withdrawn nothing: 404.
    "consent:sign_withdrawal_copy": (302, 404, 302, 302, 302, 302, 302, 302, 302, 302),
    "consent:check": (*STAFF, 200, 200, 200, 200, 200, 403, 403, 200),
    "consent:activities": (*STAFF, 403, 200, 404, 200, 200, 403, 403, 200),
    "consent:designation_create": (*STAFF, 404, 302, 404, 302, 302, 404, 404, 302),
    "consent:designation_end": (*STAFF, 404, 302, 404, 302, 302, 404, 404, 302),
    "consent:student_record": (*STAFF, 404, 200, 404, 200, 200, 404, 404, 200),
    "consent:link_replace": (*STAFF, 404, 302, 404, 302, 302, 404, 404, 302),
    "consent:document": (*STAFF, 404, 200, 404, 200, 200, 404, 404, 200),
    "consent:export": (*STAFF, 403, 200, 200, 200, 200, 403, 403, 200),
    "consent:export_csv": (*STAFF, 403, 200, 404, 200, 200, 403, 403, 200),
    # The texting system's API answers to its key only (tests/consent/test_api.py).
    "consent:api_student_coverage": (401,) * len(ROLES),
    "consent:api_program_covered": (401,) * len(ROLES),
    "consent:api_openapi": PUBLIC,  # its description, for anyone building a client
    "exceptions:list": (*STAFF, 200, 200, 200, 200, 200, 200, 403, 200),
    "exceptions:new": (*STAFF, 200, 200, 200, 403, 403, 403, 403, 200),
    # An approved request teacher A wrote at school A, with an attachment and its decision.
    "exceptions:detail": (*STAFF, 200, 200, 404, 200, 200, 200, 404, 200),
    "exceptions:edit": (*STAFF, 302, 403, 404, 403, 403, 403, 404, 403),
    "exceptions:act": (*STAFF, 403, 403, 404, 302, 302, 302, 404, 302),  # revoke it
    "exceptions:confirm": (*STAFF, 403, 403, 404, 200, 200, 200, 404, 200),  # revoke: the page
    "exceptions:attachment": (*STAFF, 200, 200, 404, 200, 200, 200, 404, 200),
    "exceptions:decision": (*STAFF, 200, 200, 404, 200, 200, 200, 404, 200),
    # ITS only; the request is not flagged, so ITS is told so on the request's page.
    "exceptions:clear_flag": (*STAFF, 403, 403, 404, 302, 302, 403, 404, 302),
    # The platform survey (school A's response; teacher A is its delegate, who answers but
    # names no delegates) and teacher A's pre-purchase consult.
    "platforms:survey": (*STAFF, 200, 200, 200, 200, 200, 403, 403, 200),
    "platforms:survey_rates": (*STAFF, 403, 403, 403, 200, 200, 403, 403, 200),
    "platforms:survey_remind": (*STAFF, 403, 403, 403, 302, 302, 403, 403, 302),
    "platforms:survey_school": (*STAFF, 200, 200, 404, 200, 200, 404, 404, 200),
    "platforms:survey_submit": (*STAFF, 302, 302, 404, 302, 302, 404, 404, 302),
    "platforms:survey_answer_remove": (*STAFF, 302, 302, 404, 302, 302, 404, 404, 302),
    "platforms:survey_delegate": (*STAFF, 403, 302, 404, 302, 302, 404, 404, 302),
    "platforms:survey_delegate_remove": (*STAFF, 403, 302, 404, 302, 302, 404, 404, 302),
    "platforms:consults": (*STAFF, 200, 200, 200, 200, 200, 403, 403, 200),
    "platforms:consult_new": (*STAFF, 200, 200, 200, 200, 200, 403, 403, 200),
    "platforms:consult_detail": (*STAFF, 200, 404, 404, 200, 200, 404, 404, 200),
    "platforms:consult_answer": (*STAFF, 403, 403, 403, 302, 302, 403, 403, 302),
    "guidance:platforms": PUBLIC,
    # ITS's platform pages (audits, plans, moves): a school's staff never reach them.
    "platforms:overview": (*STAFF, 403, 403, 403, 200, 200, 403, 403, 200),
    "platforms:detail": (*STAFF, 403, 403, 403, 200, 200, 403, 403, 200),
    "platforms:act": (*STAFF, 403, 403, 403, 302, 302, 403, 403, 302),  # revoke the approval
    "platforms:action_add": (*STAFF, 403, 403, 403, 302, 302, 403, 403, 302),
    "platforms:action_done": (*STAFF, 403, 403, 403, 302, 302, 403, 403, 302),
    "platforms:move_schools": (*STAFF, 403, 403, 403, 302, 302, 403, 403, 302),
    "platforms:audit": (*STAFF, 403, 403, 403, 200, 200, 403, 403, 200),
    "platforms:audit_finish": (*STAFF, 403, 403, 403, 302, 302, 403, 403, 302),
    "platforms:evidence": (*STAFF, 403, 403, 403, 200, 200, 403, 403, 200),
    # School A's platforms, named: principal B gets a 404, never their own school instead.
    "platforms:school": (*STAFF, 403, 200, 404, 200, 200, 403, 403, 200),
    "platforms:transition_done": (*STAFF, 404, 302, 404, 302, 302, 404, 404, 302),
}


def project_url_names() -> list[str]:
    """Every URL pattern's name, namespaced, from the project's resolver. Skipped: the Django
    admin's own patterns (the admin has its tests in tests/test_admin.py). The project serves
    static files through WhiteNoise and private files only through views, so there are no
    static or media patterns to skip."""
    names, unnamed = [], []

    def walk_patterns(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                inner = ":".join(filter(None, [namespace, entry.namespace]))
                walk_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                if entry.name is None:
                    unnamed.append(prefix + str(entry.pattern))
                else:
                    names.append(":".join(filter(None, [namespace, entry.name])))

    walk_patterns(get_resolver().url_patterns, "", "")
    assert not unnamed, f"URL patterns without a name (name them, then add a row): {unnamed}"
    return names


def test_every_url_has_a_row_in_the_permission_matrix():
    names = project_url_names()

    missing = sorted(set(names) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(names))

    assert not missing, f"URLs missing from the permission matrix in {__name__}: {missing}"
    assert not stale, f"Matrix rows for URLs that no longer exist: {stale}"
    assert {len(row) for row in MATRIX.values()} == {len(ROLES)}


PDF = pdf_file()
TODAY_DATE = datetime.date(2026, 10, 14)


class World:
    """School A's objects, made on first use, so each URL builds only what it needs."""

    def __init__(self, request):
        self.fixture = request.getfixturevalue

    @cached_property
    def family(self):
        return self.fixture("family")

    @cached_property
    def bulk_alerts(self):
        return standard_program("bulk-alerts")

    @cached_property
    def parent_link(self):
        """The mother's link, answered (granted) so that her copy exists."""
        student, mother, _father = self.family
        link, token = make_link(
            student=student,
            guardian=mother,
            program=self.bulk_alerts,
            school_year=self.fixture("school_year"),
        )
        consent_sign(
            link=link,
            form_text=current_form_text(self.bulk_alerts),
            decision="grant",
            signer_name="Rosa Lopez",
            relationship="mother",
            student_mobile="773-555-0142",
            esign_agreed=True,
            ip="127.0.0.1",
        )
        return link, token

    @cached_property
    def designation(self):
        """A safety meet-up activity at school A, with teacher A designated for it."""
        principal = self.fixture("principal_a")
        activity = Activity.objects.create(
            school=self.fixture("school_a"),
            program=standard_program("safety-meetup"),
            name="Robotics regional meet, March 2027",
            created_by=principal,
        )
        return Designation.objects.create(
            activity=activity, staff=self.fixture("teacher_a"), designated_by=principal
        )

    @cached_property
    def locked_link(self):
        """A link at school A that locked after repeated wrong dates of birth."""
        student = StudentFactory(school=self.fixture("school_a"))
        guardian = StudentGuardianFactory(student=student).guardian
        link, _token = make_link(
            student=student,
            guardian=guardian,
            program=self.bulk_alerts,
            school_year=self.fixture("school_year"),
        )
        ConsentLink.objects.filter(pk=link.pk).update(blocked_at=timezone.now())
        return link

    @cached_property
    def safety_record(self):
        """A safety meet-up grant at school A awaiting the principal's countersignature."""
        program = standard_program("safety-meetup")
        student = StudentFactory(school=self.fixture("school_a"), grade=11)
        guardian = StudentGuardianFactory(student=student).guardian
        link, _token = make_link(
            student=student,
            guardian=guardian,
            program=program,
            school_year=self.fixture("school_year"),
        )
        record, _created = consent_sign(
            link=link,
            form_text=current_form_text(program),
            decision="grant",
            signer_name=guardian.full_name,
            relationship="mother",
            student_mobile="773-555-0199",
            esign_agreed=True,
            ip="127.0.0.1",
        )
        return record

    @cached_property
    def batch(self):
        return IssueBatch.objects.create(
            program=self.bulk_alerts,
            school_year=self.fixture("school_year"),
            school=self.fixture("school_a"),
            issued_by=self.fixture("principal_a"),
            scope="Whole school",
            issued_count=0,
        )

    @cached_property
    def campaign(self):
        return Campaign.objects.create(
            program=self.bulk_alerts,
            school_year=self.fixture("school_year"),
            issued_by=self.fixture("its_reviewer"),
            scope="Every eligible school",
        )

    @cached_property
    def unasked_student(self):
        student = StudentFactory(school=self.fixture("school_a"), grade=10)
        StudentGuardianFactory(student=student)
        return student

    @cached_property
    def letter_file(self):
        letter_file = LetterFile.objects.create(
            batch=self.batch,
            everyone=True,
            requested_by=self.fixture("principal_a"),
            finished_at=timezone.now(),
        )
        letter_file.file.save("letters.pdf", ContentFile(PDF))
        return letter_file

    @cached_property
    def platform_survey(self):
        """The survey of the current year, open until October 28, school A's response with
        one tool listed and teacher A delegated."""
        school_a = self.fixture("school_a")  # before the survey, which asks the schools there are
        survey = platform_survey.survey_open(
            user=self.fixture("its_reviewer"),
            school_year=self.fixture("school_year"),
            due=datetime.date(2026, 10, 28),
        )
        response = survey.responses.get(school=school_a)
        platform_survey.survey_answer_add(
            user=self.fixture("principal_a"),
            response=response,
            vendor="Chatterly Inc",
            product="Chatterly",
            used_for="Club news",
        )
        platform_survey.survey_delegate_add(
            user=self.fixture("principal_a"), response=response, delegate=self.fixture("teacher_a")
        )
        return response

    @cached_property
    def consult(self):
        return consult_request(
            user=self.fixture("teacher_a"),
            product="Chatterly",
            vendor="Chatterly Inc",
            purpose="Club news",
            students=30,
            data_shared="Names",
        )

    @cached_property
    def approved_platform(self):
        return platform_helpers.approved(self.fixture("its_reviewer"))

    @cached_property
    def flagged_platform(self):
        """Flagged by an audit with evidence, used by school A, a vendor action in its plan."""
        its = self.fixture("its_reviewer")
        platform = platform_helpers.flagged(its)
        platform_helpers.used_by(platform, self.fixture("school_a"), self.fixture("school_year"))
        platform_services.remediation_action_add(
            user=its, platform=platform, description="Encrypt at rest.", due_on=TODAY_DATE
        )
        return platform

    @cached_property
    def flagged_audit(self):
        return self.flagged_platform.audits.get()

    @cached_property
    def open_audit(self):
        its = self.fixture("its_reviewer")
        platform = platform_helpers.register(its, "Hallway", "Quillsoft Inc.")
        return platform_services.audit_start(user=its, platform=platform)

    @cached_property
    def school_transition(self):
        """School A must move off the flagged platform to the approved one."""
        platform_services.transitions_plan(
            user=self.fixture("its_reviewer"),
            platform=self.flagged_platform,
            target=self.approved_platform,
            deadline=datetime.date(2027, 1, 15),
        )
        return self.flagged_platform.transitions_away.get()

    @cached_property
    def exception(self):
        """Teacher A's approved request at school A, with an attachment and its decision."""
        people = {
            name: self.fixture(name)
            for name in ("teacher_a", "principal_a", "its_reviewer", "ceo_office")
        }
        created = exception_services.exception_create(
            requester=people["teacher_a"],
            school=self.fixture("school_a"),
            fields=FIELDS,
            attachments=[SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")],
        )
        approved_platform()  # ITS recommends only requests on an approved platform
        return walk(created, people, until="approve")


def get(name, *args, **query):
    return "get", reverse(name, args=args), query


def post(name, *args, **data):
    return "post", reverse(name, args=args), data


def survey_target(w):
    """School A's response to the open survey: (survey id, school code)."""
    return w.platform_survey.survey_id, school_a_code(w)


def school_a_code(w):
    return w.fixture("school_a").code


def dashboard_target(w):
    """The school, year and program a dashboard form names: school A's bulk alerts now."""
    return {
        "school": school_a_code(w),
        "year": w.fixture("school_year").label,
        "program": w.bulk_alerts.slug,
    }


# How each URL is asked for: (method, URL, data). Without an entry: GET with no arguments.
def ready_with_a_worker(w):
    """/healthz/ready with a worker that beat within its lease (a day: however long the test
    that asks runs)."""
    w.fixture("settings").TASKS_LEASE_SECONDS = 24 * 60 * 60
    worker_heartbeat(worker_id="url-matrix")
    return get("healthz_ready")


REQUESTS = {
    "healthz_ready": ready_with_a_worker,
    "logout": lambda w: post("logout"),
    "password_reset_confirm": lambda w: get("password_reset_confirm", "MQ", "not-a-token"),
    "faq:audience": lambda w: get("faq:audience", Audience.objects.order_by("pk").first().slug),
    "consent:students_csv": lambda w: get("consent:students_csv", school=school_a_code(w)),
    "consent:remind": lambda w: post("consent:remind", **dashboard_target(w)),
    "consent:renew": lambda w: post(
        "consent:renew", **dashboard_target(w), to_year=SchoolYearFactory(start=2027).label
    ),
    "consent:batch": lambda w: get("consent:batch", w.batch.pk),
    "consent:activities": lambda w: get("consent:activities", school=school_a_code(w)),
    "consent:designation_create": lambda w: post(
        "consent:designation_create", w.designation.activity_id, staff=w.designation.staff_id
    ),
    "consent:designation_end": lambda w: post("consent:designation_end", w.designation.pk),
    "consent:batch_progress": lambda w: get("consent:batch_progress", w.batch.pk),
    "consent:campaign": lambda w: get("consent:campaign", w.campaign.pk),
    "consent:campaign_progress": lambda w: get("consent:campaign_progress", w.campaign.pk),
    "consent:countersign": lambda w: post(
        "consent:countersign", w.safety_record.pk, decision="countersigned"
    ),
    "consent:countersign_selected": lambda w: post(
        "consent:countersign_selected", record=w.safety_record.pk
    ),
    "consent:record_pdf": lambda w: get("consent:record_pdf", w.safety_record.pk),
    "consent:countersign_form": lambda w: get("consent:countersign_form", w.safety_record.pk),
    "consent:batch_letters": lambda w: get("consent:batch_letters", w.batch.pk),
    "consent:batch_letters_prepare": lambda w: post(
        "consent:batch_letters_prepare", w.batch.pk, everyone="1"
    ),
    "consent:letter_file": lambda w: get("consent:letter_file", w.letter_file.pk),
    "consent:code_go": lambda w: get(
        "consent:code_go", letter_codes_assign(links=[w.parent_link[0]])[0][1]
    ),
    "consent:paper_record": lambda w: get("consent:paper_record", w.parent_link[0].request_id),
    "consent:paper_record_new": lambda w: get(
        "consent:paper_record_new",
        student=w.unasked_student.student_id,
        program=w.bulk_alerts.slug,
        year=w.fixture("school_year").label,
    ),
    "consent:sign": lambda w: get("consent:sign", w.parent_link[1]),
    "consent:sign_decide": lambda w: post(
        "consent:sign_decide",
        w.parent_link[1],
        form_text=current_form_text(w.bulk_alerts).pk,
        decision="decline",
        signer_name="Rosa Lopez",
        relationship="mother",
        esign_agreed="on",
    ),
    "consent:sign_withdraw": lambda w: post(
        "consent:sign_withdraw", w.parent_link[1], reason="no_longer_wanted", details=""
    ),
    "consent:sign_phones": lambda w: post(
        "consent:sign_phones", w.parent_link[1], student_mobile="773-555-0199"
    ),
    "consent:sign_copy": lambda w: get("consent:sign_copy", w.parent_link[1]),
    "consent:sign_withdrawal_copy": lambda w: get("consent:sign_withdrawal_copy", w.parent_link[1]),
    "consent:student_record": lambda w: get(
        "consent:student_record", w.family[0].student_id, purpose="records_review"
    ),
    "consent:link_replace": lambda w: post("consent:link_replace", w.locked_link.pk),
    "consent:document": lambda w: get(
        "consent:document", consent_file_pdf(record_id=w.safety_record.pk).pk
    ),
    "consent:export_csv": lambda w: get(
        "consent:export_csv", w.bulk_alerts.slug, school=school_a_code(w)
    ),
    "consent:api_student_coverage": lambda w: get(
        "consent:api_student_coverage", w.family[0].student_id
    ),
    "consent:api_program_covered": lambda w: get(
        "consent:api_program_covered", w.bulk_alerts.slug, school=school_a_code(w)
    ),
    "exceptions:detail": lambda w: get("exceptions:detail", w.exception.pk),
    "exceptions:edit": lambda w: get("exceptions:edit", w.exception.pk),
    "exceptions:act": lambda w: post(
        "exceptions:act",
        w.exception.pk,
        transition="revoke",
        comment="No longer needed.",
        seen_status="approved",
    ),
    "exceptions:confirm": lambda w: get("exceptions:confirm", w.exception.pk, "revoke"),
    "exceptions:clear_flag": lambda w: post("exceptions:clear_flag", w.exception.pk),
    "exceptions:attachment": lambda w: get(
        "exceptions:attachment", w.exception.pk, w.exception.attachments.get().pk
    ),
    "exceptions:decision": lambda w: get(
        "exceptions:decision", w.exception.pk, w.exception.decision_records.get().pk
    ),
    "platforms:survey": lambda w: (w.platform_survey, get("platforms:survey"))[1],
    "platforms:survey_rates": lambda w: get("platforms:survey_rates", w.platform_survey.survey_id),
    "platforms:survey_remind": lambda w: post(
        "platforms:survey_remind", w.platform_survey.survey_id
    ),
    "platforms:survey_school": lambda w: get("platforms:survey_school", *survey_target(w)),
    "platforms:survey_submit": lambda w: post(
        "platforms:survey_submit", *survey_target(w), no_tools="on"
    ),
    "platforms:survey_answer_remove": lambda w: post(
        "platforms:survey_answer_remove",
        *survey_target(w),
        PlatformUse.objects.get(school=w.fixture("school_a")).pk,
    ),
    "platforms:survey_delegate": lambda w: post(
        "platforms:survey_delegate", *survey_target(w), delegate=w.fixture("teacher_a").pk
    ),
    "platforms:survey_delegate_remove": lambda w: post(
        "platforms:survey_delegate_remove",
        *survey_target(w),
        SurveyDelegate.objects.get(school=w.fixture("school_a")).pk,
    ),
    "platforms:consult_detail": lambda w: get("platforms:consult_detail", w.consult.pk),
    "platforms:consult_answer": lambda w: post(
        "platforms:consult_answer", w.consult.pk, answer="do_not_buy", answer_text="No."
    ),
    "platforms:detail": lambda w: get("platforms:detail", w.flagged_platform.pk),
    "platforms:act": lambda w: post(
        "platforms:act", w.approved_platform.pk, transition="revoke", reason="Breach reported."
    ),
    "platforms:action_add": lambda w: post(
        "platforms:action_add",
        w.flagged_platform.pk,
        description="Encrypt backups.",
        due_on="2026-12-01",
    ),
    "platforms:action_done": lambda w: post(
        "platforms:action_done", w.flagged_platform.actions.get().pk
    ),
    "platforms:move_schools": lambda w: post(
        "platforms:move_schools",
        w.flagged_platform.pk,
        target=w.approved_platform.pk,
        deadline="2027-01-15",
    ),
    "platforms:audit": lambda w: get("platforms:audit", w.open_audit.pk),
    "platforms:audit_finish": lambda w: post(
        "platforms:audit_finish", w.open_audit.pk, outcome="flag", reason="Too little known."
    ),
    "platforms:evidence": lambda w: get(
        "platforms:evidence", w.flagged_audit.pk, w.flagged_audit.evidence.get().pk
    ),
    "platforms:school": lambda w: get("platforms:school", school=school_a_code(w)),
    "platforms:transition_done": lambda w: post(
        "platforms:transition_done", w.school_transition.pk
    ),
}


def _outcome(response, url):
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(f"{reverse('login')}?next={url}"):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_role_as_the_matrix_says(
    request, frozen_today, school_year, school_b, name
):
    # Arrange: school A's objects in the current school year (school B exists so principal B
    # has a school of their own).
    world = World(request)
    method, url, data = REQUESTS.get(name, lambda w: get(name))(world)
    # Everything a role's turn uses exists before the first savepoint, which would undo it.
    users = {role: request.getfixturevalue(role) for role in ROLES[2:]}
    token = world.parent_link[1]

    # Act: each role in a fresh browser, its writes rolled back before the next role's turn.
    actual = {}
    for role in ROLES:
        cache.clear()  # sign-in pauses and rate limits count per address, in the cache
        with transaction.atomic():
            client = Client()
            if role == "parent":
                verify(client, token, world.family[0].date_of_birth)
            elif role != "anonymous":
                client.force_login(users[role])
            response = getattr(client, method)(url, data)
            actual[role] = _outcome(response, url)
            if response.streaming:  # read to the end, which closes the file
                b"".join(response.streaming_content)
            transaction.set_rollback(True)

    # Assert
    assert actual == dict(zip(ROLES, MATRIX[name], strict=True)), name
