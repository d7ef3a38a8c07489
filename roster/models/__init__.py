"""The people and places every part of the portal shares: schools, school years,
students, guardians, and staff accounts with their roles."""

from roster.models.imports import RosterImport, RosterImportStatus
from roster.models.people import (
    SCHOOL_SCOPED_ROLES,
    Grade,
    Guardian,
    Language,
    Relationship,
    Role,
    School,
    SchoolKind,
    SchoolYear,
    StaffRole,
    Student,
    StudentGuardian,
    User,
)
from roster.models.records import (
    AccessPurpose,
    CumulativeDocument,
    DocumentKind,
    RecordAccess,
    _private_storage,
)
from roster.models.retention import (
    DocumentDestruction,
    DocumentPastRetention,
    LegalHold,
    RetentionRule,
    years_before,
)

__all__ = [
    "SCHOOL_SCOPED_ROLES",
    "AccessPurpose",
    "CumulativeDocument",
    "DocumentDestruction",
    "DocumentKind",
    "DocumentPastRetention",
    "Grade",
    "Guardian",
    "Language",
    "LegalHold",
    "RecordAccess",
    "Relationship",
    "RetentionRule",
    "Role",
    "RosterImport",
    "RosterImportStatus",
    "School",
    "SchoolKind",
    "SchoolYear",
    "StaffRole",
    "Student",
    "StudentGuardian",
    "User",
    "_private_storage",
    "years_before",
]
