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

__all__ = [
    "SCHOOL_SCOPED_ROLES",
    "AccessPurpose",
    "CumulativeDocument",
    "DocumentKind",
    "Grade",
    "Guardian",
    "Language",
    "RecordAccess",
    "Relationship",
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
]
