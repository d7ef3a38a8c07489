"""Texting programs and the consent families give for them: requests, links, signed records,
revocations, principal countersignatures, and the events that form each record's audit trail."""

from consent.models.activities import Activity, Designation
from consent.models.campaigns import Campaign, CampaignSchool, CampaignStatus
from consent.models.delivery import ConsentReceipt, LetterFile, TextingSystemKey
from consent.models.programs import ConsentFormText, FormLanguage, ProgramKind, TextingProgram
from consent.models.records import (
    ConsentRecord,
    Countersignature,
    CountersignDecision,
    Decision,
    ImmutableRecord,
    PhoneChange,
    Revocation,
    Source,
)
from consent.models.requests import (
    ConsentEvent,
    ConsentLink,
    ConsentRequest,
    EventKind,
    IssueBatch,
    RequestStatus,
)

__all__ = [
    "Activity",
    "Campaign",
    "CampaignSchool",
    "CampaignStatus",
    "ConsentEvent",
    "ConsentFormText",
    "ConsentLink",
    "ConsentReceipt",
    "ConsentRecord",
    "ConsentRequest",
    "CountersignDecision",
    "Countersignature",
    "Decision",
    "Designation",
    "EventKind",
    "FormLanguage",
    "ImmutableRecord",
    "IssueBatch",
    "LetterFile",
    "PhoneChange",
    "ProgramKind",
    "RequestStatus",
    "Revocation",
    "Source",
    "TextingProgram",
    "TextingSystemKey",
]
