"""The demo's messaging platforms (fictional vendors), one or more in each state of the
review, taken there through the services as ITS would; and the demo schools' use of them."""

import datetime

from django.utils import timezone

from platforms import services
from platforms.models import Criterion, Outcome, PlatformUse, Rating

# product, vendor, what it is used for, where its data is hosted
PLATFORMS = {
    "bellbird": (
        "Bellbird",
        "Northwind Messaging Co.",
        "Class announcements and reminders to families",
        "US cloud (two regions)",
    ),
    "lanternpost": (
        "Lanternpost",
        "Harborlight Systems",
        "School-wide alerts and newsletters",
        "US cloud",
    ),
    "hallway": (
        "Hallway",
        "Quillsoft Inc.",
        "Messages between teachers and families",
        "Vendor data centre, Ohio",
    ),
    "classchat": (
        "Classchat",
        "Brightwave Learning Ltd.",
        "Group chats for classes and clubs",
        "Cloud, region not stated",
    ),
    "pingboard": ("Pingboard Kids", "Tallyho Apps LLC", "Homework reminders", "Unknown"),
    "chalkline": ("Chalkline", "Meridian EdTech", "Attendance follow-up messages", "US cloud"),
    "pocketnote": ("Pocketnote", "Ferncliff Software", "After-school program updates", ""),
}
# key: the school indexes (into the demo's schools) that use it
USES = {
    "bellbird": (0, 1, 2),
    "lanternpost": (1,),
    "hallway": (0,),
    "classchat": (0, 2),
    "pingboard": (1,),
    "chalkline": (2,),
    "pocketnote": (0,),
}


def _rate(its, audit, failing=()):
    ratings = {
        c.value: (
            Rating.DOES_NOT_MEET if c in failing else Rating.MEETS,
            "Gaps found; see the vendor's answers." if c in failing else "Evidence reviewed.",
        )
        for c in Criterion
    }
    services.audit_rate(user=its, audit=audit, ratings=ratings)


def _approve(its, platform, until):
    audit = services.audit_start(user=its, platform=platform)
    _rate(its, audit)
    services.audit_finish(user=its, audit=audit, outcome=Outcome.APPROVE, approved_until=until)


def _flag(its, platform, failing, reason):
    audit = services.audit_start(user=its, platform=platform)
    _rate(its, audit, failing)
    services.audit_finish(user=its, audit=audit, outcome=Outcome.FLAG, reason=reason)


def seed_platforms_demo(*, its, schools, school_year) -> None:
    today = timezone.localdate()
    days = datetime.timedelta
    made = {}
    for key, (product, vendor, used_for, hosting) in PLATFORMS.items():
        made[key], _created = services.platform_register(
            user=its, vendor=vendor, product=product, used_for=used_for, data_hosting=hosting
        )
    _approve(its, made["bellbird"], today + days(365))
    _approve(its, made["lanternpost"], today + days(300))
    services.audit_start(user=its, platform=made["hallway"])
    # Classchat: flagged, in remediation, one vendor action already overdue.
    _flag(its, made["classchat"], (Criterion.ENCRYPTION,), "Data at rest is not encrypted.")
    for description, due in (
        ("Encrypt stored messages and backups at rest.", today - days(10)),
        ("Sign the district's data-sharing agreement.", today + days(30)),
    ):
        services.remediation_action_add(
            user=its, platform=made["classchat"], description=description, due_on=due
        )
    services.platform_transition(user=its, platform=made["classchat"], name="remediate")
    _flag(
        its,
        made["pingboard"],
        (Criterion.DATA_SHARING, Criterion.RECOVERY),
        "No data-sharing agreement; no incident-response plan.",
    )
    services.platform_transition(
        user=its,
        platform=made["pingboard"],
        name="procurement",
        reason="The vendor declined to sign a data-sharing agreement.",
    )
    # Chalkline: approved until tomorrow, then found by the daily review as if run then.
    _approve(its, made["chalkline"], today + days(1))
    services.platforms_reaudit_due(on=today + days(2))
    for key, indexes in USES.items():
        for index in indexes:
            PlatformUse.objects.get_or_create(
                school=schools[index],
                platform=made[key],
                school_year=school_year,
                defaults={"used_for": PLATFORMS[key][2], "students": 40 + 15 * index},
            )
