"""The canonical record format, pinned: a fixed record gives this exact string and SHA-256.
A change to what is hashed, or how, fails here and must be made on purpose (records already
signed keep the canonical text they were sealed with)."""

import datetime

from consent.models import ConsentFormText, ConsentRecord, ConsentRequest, TextingProgram
from consent.services.signing import record_canonical, record_fields_for_hash
from roster.models import SchoolYear, Student

EXPECTED_CANONICAL = (
    '{"decision":"grant","duplicate_alerts":true,"esign_agreed":true,'
    '"form_text":{"language":"es","sha256":'  # of "Título\n\nTexto ñ"
    '"3a3a64537ada711c323b35e115e437634d9a50c542f2ab0cd5b16cfb8af6c394","version":2},'
    '"guardian":7,"ip_address":"203.0.113.9","parent_mobile":"+17735550199",'
    '"program":"bulk-alerts","relationship":"mother","request":41,"school_year":"2026-27",'
    '"signed_at":"2026-10-14T20:30:05.123456+00:00","signer_name":"Rosa López",'
    '"source":"electronic","student":"60000010","student_mobile":"+17735550142",'
    '"user_agent":"Mozilla/5.0 (Golden)"}'
)
EXPECTED_SHA256 = "950cf968f3756e81661a1dabb42608618420dc92694e06ddf9ccc9e7d9f1722c"


def fixed_record() -> ConsentRecord:
    """A record built in memory, every value fixed (nothing read from the database)."""
    chicago = datetime.timezone(datetime.timedelta(hours=-5))
    request = ConsentRequest(
        pk=41,
        program=TextingProgram(slug="bulk-alerts"),
        school_year=SchoolYear(label="2026-27"),
        student=Student(student_id="60000010"),
    )
    return ConsentRecord(
        request=request,
        guardian_id=7,
        decision="grant",
        signer_name="Rosa López",
        relationship="mother",
        student_mobile="+17735550142",
        parent_mobile="+17735550199",
        duplicate_alerts=True,
        form_text=ConsentFormText(language="es", version=2, title="Título", body="Texto ñ"),
        esign_agreed=True,
        source="electronic",
        signed_at=datetime.datetime(2026, 10, 14, 15, 30, 5, 123456, tzinfo=chicago),
        ip_address="203.0.113.9",
        user_agent="Mozilla/5.0 (Golden)",
    )


def test_a_fixed_record_has_a_fixed_canonical_string_and_sha256():
    # Act
    canonical, sha256 = record_canonical(record_fields_for_hash(fixed_record()))

    # Assert
    assert canonical == EXPECTED_CANONICAL
    assert sha256 == EXPECTED_SHA256
