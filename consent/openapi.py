"""The OpenAPI 3 description of the texting system's API (consent/views/api.py), served at
/consent/api/v1/openapi.json. Its reason codes come from the coverage table itself, so the
description cannot drift from the rule; tests/hostile/test_api_schema.py fuzzes the API
against it."""

from django.conf import settings

from consent.coverage import CODES
from consent.designations import NOT_DESIGNATED
from consent.exports import EXPORT_COLUMNS

_ERROR = {"$ref": "#/components/responses/Error"}


def _errors(*statuses: int) -> dict:
    return {str(status): _ERROR for status in statuses}


def _string(**extra) -> dict:
    return {"type": "string", **extra}


def _object(properties: dict) -> dict:
    return {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }


def _get(summary: str, parameters: list, schema: str, *errors: int) -> dict:
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {
                    "description": "The answer.",
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}
                    },
                },
                "401": {
                    "description": "No key, or one unknown or revoked.",
                    "headers": {"WWW-Authenticate": {"schema": _string()}},
                    "content": _ERROR_CONTENT,
                },
                "429": {
                    "description": "Over the key's calls per minute.",
                    "headers": {"Retry-After": {"schema": _string(pattern="^[0-9]+$")}},
                    "content": _ERROR_CONTENT,
                },
                **_errors(*errors),
            },
        }
    }


_ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}

_PROGRAM_ANSWER = _object(
    {
        "program": _string(),
        "name": _string(),
        "allowed": {"type": "boolean"},
        "reason_code": _string(enum=[*CODES, NOT_DESIGNATED]),
        "status": _string(),
        "reason": _string(),
        "designated_staff_only": {"type": "boolean"},
        "activity": {"type": "string", "nullable": True},
    }
)
_COVERED_STUDENT = _object(
    {
        **{column: _string() for column in EXPORT_COLUMNS},
        "grade": {"type": "integer"},
    }
)


def description() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "AUP Portal texting-consent API",
            "version": "1",
            "description": (
                "For the district's bulk-texting system: may a student be texted today under "
                "each program, and who is covered today at a school. Every answer, errors "
                "included, is JSON. Each key may make "
                f"{settings.TEXTING_API_RATE_PER_MINUTE} calls a calendar minute."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"key": []}],
        "paths": {
            "/consent/api/v1/students/{student_id}/coverage": _get(
                "May the system text this student today, per program, and if not why.",
                [
                    {
                        "name": "student_id",
                        "in": "path",
                        "required": True,
                        "schema": _string(),
                        "example": "60012345",
                    },
                    {
                        "name": "staff",
                        "in": "query",
                        "required": False,
                        "description": (
                            "The district email address of the staff member who wants to "
                            "text. With it, `allowed` answers for that person: under a program "
                            "with `designated_staff_only`, only staff designated for the "
                            "activity the consent names (or, when it names none, for an "
                            "activity of the program at the student's school) may text "
                            "(reason_code `not_designated` otherwise). Without it, "
                            "`allowed` says only whether the student is covered."
                        ),
                        "schema": _string(),
                        "example": "a.rahman@example.org",
                    },
                ],
                "StudentCoverage",
                400,
                404,
            ),
            "/consent/api/v1/programs/{slug}/covered": _get(
                "The students of one school covered today under one program (the answer is "
                "streamed as the students are read).",
                [
                    {
                        "name": "slug",
                        "in": "path",
                        "required": True,
                        "schema": _string(pattern="^[-a-zA-Z0-9_]+$"),
                        "example": "bulk-alerts",
                    },
                    {
                        "name": "school",
                        "in": "query",
                        "required": True,
                        "schema": _string(minLength=1),
                        "example": "1001",
                    },
                ],
                "ProgramCovered",
                400,
                404,
            ),
        },
        "components": {
            "securitySchemes": {"key": {"type": "http", "scheme": "bearer"}},
            "responses": {"Error": {"description": "What went wrong.", "content": _ERROR_CONTENT}},
            "schemas": {
                "Error": _object({"error": _string(), "detail": _string()}),
                "StudentCoverage": _object(
                    {
                        "student_id": _string(),
                        "school_code": _string(),
                        "date": _string(format="date"),
                        "staff": {"type": "string", "nullable": True},
                        "programs": {"type": "array", "items": _PROGRAM_ANSWER},
                    }
                ),
                "ProgramCovered": _object(
                    {
                        "program": _string(),
                        "school_code": _string(),
                        "date": _string(format="date"),
                        "count": {"type": "integer", "minimum": 0},
                        "students": {"type": "array", "items": _COVERED_STUDENT},
                    }
                ),
            },
        },
    }
