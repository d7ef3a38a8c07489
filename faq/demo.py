"""The demo FAQ that seed_demo adds: answers written for this portal from the policy's facts
(DESIGN.md), for every audience, plus two archived entries and one draft."""

from dataclasses import dataclass

from django.conf import settings

from faq.models import Audience, Entry, EntryStatus, Topic
from faq.services import entry_save

# The audiences and topics the entries use, in case an editor removed one (migration 0002
# adds them to every database).
AUDIENCE_NAMES = {
    "students": "Students",
    "parents": "Parents and guardians",
    "staff": "Staff",
    "principals": "Principals and school administrators",
    "vendors": "Vendors and partners",
}
TOPIC_NAMES = {
    "texting": "Texting students",
    "consent-forms": "Consent forms",
    "exceptions": "Exceptions",
    "social-media": "Social media",
    "devices": "Devices and the network",
    "harassment": "Harassment and safety",
    "platforms": "Messaging platforms",
    "violations": "Violations",
}


@dataclass(frozen=True)
class DemoEntry:
    slug: str
    question: str
    audiences: tuple[str, ...]
    topic: str
    answer: str
    status: str = EntryStatus.PUBLISHED


def demo_entries() -> list[DemoEntry]:
    d = settings.DISTRICT
    hotline, oig = d["student_hotline_phone"], d["inspector_general_phone"]
    desk, mailbox = d["service_desk_phone"], d["guidance_email"]
    return [
        DemoEntry(
            "can-a-teacher-text-me",
            "Can a teacher or coach send me text messages?",
            ("students", "parents"),
            "texting",
            "Only in a few approved programs, and only after your parent or guardian has "
            "given **written permission** for that program this school year.\n\n"
            "Even then, texts from staff are **group texts** that include your parent or "
            "guardian and the staff member's district email address. A staff member should "
            "never start a private, one-to-one text conversation with you.\n\n"
            "See the [approved texting programs](/guidance/programs/).",
        ),
        DemoEntry(
            "adult-texts-me-privately",
            "What should I do if a staff member texts me privately?",
            ("students", "parents"),
            "harassment",
            "You have not done anything wrong.\n\n"
            "1. Do not delete the messages: take screenshots if you can.\n"
            "2. Tell your parent or guardian, or another adult you trust at school.\n"
            f"3. Call the Student Protections Hotline at [{hotline}](tel:{hotline}). You can "
            "call about something that made you uncomfortable, even if you are not sure it "
            "breaks a rule.",
        ),
        DemoEntry(
            "report-harassment-online",
            "How do I report harassment or bullying that happens online?",
            ("students", "parents", "staff"),
            "harassment",
            "Harassment by text, in a chat app or on social media is treated like harassment "
            "at school.\n\n"
            "- Tell a teacher, counselor or your principal.\n"
            f"- Call the Student Protections Hotline: [{hotline}](tel:{hotline}).\n"
            "- To report misconduct by a district employee or vendor, call the Office of "
            f"Inspector General: [{oig}](tel:{oig}).\n\n"
            "Keep screenshots of what was sent, with the date and the sender's name or number.",
        ),
        DemoEntry(
            "own-device-on-school-network",
            "Can I use my own phone or laptop on the school network?",
            ("students", "staff"),
            "devices",
            "Yes, on the network your school provides for personal devices, and the "
            "Acceptable Use Policy applies while you are connected. That means:\n\n"
            "- no trying to get around the district's web filter (for example with a VPN or "
            "proxy app);\n"
            "- no sharing your password or using someone else's account;\n"
            "- no recording or photographing people without their permission.\n\n"
            f"Staff who need help connecting can call the IT Service Desk at [{desk}](tel:{desk}).",
        ),
        DemoEntry(
            "staff-on-social-media",
            "May staff follow me or send me messages on social media?",
            ("students", "parents"),
            "social-media",
            "Staff should not send private messages to students on social media, in games or "
            "in chat apps. Schools and teams may run **official** accounts that post "
            "announcements everyone can see.\n\n"
            "If a staff member sends you a private message, tell your parent or guardian or "
            f"call the Student Protections Hotline at [{hotline}](tel:{hotline}).",
        ),
        DemoEntry(
            "posting-about-school",
            "What can I post about school on social media?",
            ("students",),
            "social-media",
            "You may post about your own life at school. Do not post photos or videos of other "
            "students or staff without their permission, and never post anything that "
            "threatens, bullies or shares someone's private information. Posts that disrupt "
            "school can lead to discipline, even when made from home.",
        ),
        DemoEntry(
            "why-permission-to-text",
            "Why does my child's school ask for my permission to text my child?",
            ("parents",),
            "consent-forms",
            "District policy lets staff text students only in a few approved programs, and only "
            "with the **prior written permission** of a parent or guardian. The form tells you "
            "which program it is for, who may text your child and how.\n\n"
            "You may say yes or no. Saying no does not affect your child's grades or place in "
            "any activity; the school will reach you and your child in other ways.",
        ),
        DemoEntry(
            "sign-again-every-year",
            "Do I have to give permission again every school year?",
            ("parents", "principals"),
            "consent-forms",
            "Yes. Permission is for **one program** and is valid only for the **school year** "
            "in which you sign it. Schools send the form for bulk text alerts at the start of "
            "each school year, and forms for other programs when the principal decides texting "
            "is needed, for example before a team's season starts.",
        ),
        DemoEntry(
            "change-my-mind",
            "Can I change my mind after I sign?",
            ("parents",),
            "consent-forms",
            "Yes, at any time. Open the link the school sent you and choose **Withdraw my "
            "permission**, or tell the school office. Staff stop texting your child under that "
            "program as soon as the school records it.",
        ),
        DemoEntry(
            "duplicate-alerts-on-my-phone",
            "Can I get the same text alerts on my own phone?",
            ("parents",),
            "texting",
            "Yes. When you give permission for **bulk text notifications and alerts**, the form "
            "asks whether you also want the same alerts on your own phone (“duplicate "
            "notices”). Add your mobile number there; you can change it later.",
        ),
        DemoEntry(
            "where-signed-form-is-kept",
            "Where is the signed form kept?",
            ("parents", "principals"),
            "consent-forms",
            "The school files the signed form in your child's **cumulative folder** (the "
            "student's school record), whether you signed online or on paper. You can download "
            "a copy of a form you signed online from the same link.",
        ),
        DemoEntry(
            "charter-schools",
            "My child attends a charter school. Does this apply to us?",
            ("parents", "principals"),
            "consent-forms",
            "No. Charter schools are exempt from the district's Acceptable Use Policy and "
            "follow their own policies on texting students, so the portal sends no consent "
            "forms for them. Ask the charter school about its own rules.",
        ),
        DemoEntry(
            "when-may-i-text-a-student",
            "When may I text a student?",
            ("staff",),
            "texting",
            "Only when all of these are true:\n\n"
            "1. The texting is part of an [approved program](/guidance/programs/) you work in.\n"
            "2. The student's parent or guardian has signed the consent for that program "
            "**this school year** (check in the portal before you text).\n"
            "3. Where the program requires it, the principal has countersigned.\n"
            "4. You follow the program's rules: usually group texts that include the parent or "
            "guardian and your district email address.\n\n"
            "Anything else needs an exception approved by the CEO.",
        ),
        DemoEntry(
            "safety-meetup-texts",
            "How do safety meet-up texts work on a trip or at a game?",
            ("staff", "principals"),
            "texting",
            "During an educational or extra-curricular activity, staff the principal designates "
            "may text **high-school students (grades 9–12)** for safety: where to meet, when the "
            "bus leaves, a change of plan.\n\n"
            "- It needs **both** the parent's and the **principal's** prior written permission.\n"
            "- Every text is a **group text** that includes the parent or guardian and your "
            "district email address, so the messages are kept.\n"
            "- Texts are about the activity only.",
        ),
        DemoEntry(
            "reengagement-texting",
            "Who may text students in a re-engagement program?",
            ("staff",),
            "texting",
            "Staff of a re-engagement program that the CEO approved, reaching out to students "
            "in **grades 7–12** who are out of school, often absent, or returning from juvenile "
            "detention. The parent or guardian's written permission is needed, and texts are "
            "group texts that include the parent or guardian and your district email address.",
        ),
        DemoEntry(
            "ask-for-an-exception",
            "My work needs texting outside the approved programs. How do I ask for an exception?",
            ("staff", "principals"),
            "exceptions",
            "Submit a written exception request in the portal (sign in, then **Exception "
            "requests**). It explains who you need to text, why, and how messages will be "
            "kept.\n\n"
            "1. Your principal endorses it, declines it, or returns it for changes.\n"
            "2. IT Services (the Director of Information Security or the CIO) vets it.\n"
            "3. The CEO's office decides.\n\n"
            "An approved exception becomes a new program on the "
            "[approved programs](/guidance/programs/) page, and parents then give permission "
            "for it. Do not text students under it until then.",
        ),
        DemoEntry(
            "personal-phone-number",
            "May I use my personal phone to text students?",
            ("staff",),
            "texting",
            "Only within an approved program, and only as group texts that include the "
            "parent or guardian and your district email address. Never use a personal phone or "
            "account for a private conversation with a student. Where your school uses a "
            "district-approved messaging platform, use that instead.",
        ),
        DemoEntry(
            "policy-violations",
            "What happens if someone breaks the Acceptable Use Policy?",
            ("staff", "students", "vendors"),
            "violations",
            "Access to district technology may be suspended, and the person may face "
            "discipline under the student code of conduct, employee policies or their contract. "
            "Violations that may be crimes are reported to the authorities.\n\n"
            f"Report suspected misconduct by staff or vendors to the Office of Inspector "
            f"General at [{oig}](tel:{oig}).",
        ),
        DemoEntry(
            "issue-consent-forms",
            "How do I send texting-consent forms to families?",
            ("principals",),
            "consent-forms",
            "Sign in and open the **Consent dashboard**. Choose the program and the students; "
            "the portal emails each guardian with an email address a personal link and gives "
            "you printable letters for the others. Paper forms signed at school are scanned "
            "and recorded in the same place, so the dashboard shows who is covered.",
        ),
        DemoEntry(
            "countersign-safety-meetup",
            "What does countersigning safety meet-up consent mean?",
            ("principals",),
            "consent-forms",
            "Safety meet-up texting needs the principal's written permission as well as the "
            "parent's. After a parent signs, you countersign in the portal; until you do, the "
            "consent does not count and staff may not text that student under the program.",
        ),
        DemoEntry(
            "endorse-an-exception",
            "A staff member asked me to endorse an exception request. What should I check?",
            ("principals",),
            "exceptions",
            "Check that the need is real and cannot be met by an approved program, that the "
            "request names the students or group and the activity, and that messages will "
            "include parents and the staff member's district email. Endorse it, decline it "
            "with a reason, or return it for changes; the portal records your decision.",
        ),
        DemoEntry(
            "buying-a-messaging-app",
            "Can my school buy a messaging app to reach families and students?",
            ("principals", "vendors"),
            "platforms",
            "Consult IT Services **before** you buy. ITS audits messaging tools and lists the "
            "ones that pass as approved platforms; tools that fail must be fixed or replaced. "
            f"Write to [{mailbox}](mailto:{mailbox}) with the product's name and what you need "
            "it for.",
        ),
        DemoEntry(
            "platform-audit",
            "What does IT Services check before approving a messaging platform?",
            ("vendors", "principals"),
            "platforms",
            "The audit looks at:\n\n"
            "- the platform's architecture and perimeter security;\n"
            "- disaster recovery and incident response;\n"
            "- encryption of data in transit and at rest;\n"
            "- a signed data-sharing agreement with the district.\n\n"
            "Platforms that pass appear on the approved list; the others are flagged for "
            "remediation or replacement.",
        ),
        DemoEntry(
            "partners-texting-students",
            "May our staff text students as a district partner?",
            ("vendors",),
            "texting",
            "The same rules apply to partners as to district staff: only under an approved "
            "program, with the parent or guardian's written permission for this school year, "
            "and as group texts that include the parent or guardian. Talk to the school's "
            "principal before any texting starts.",
        ),
        DemoEntry(
            "data-sharing-agreement",
            "Do we need a data-sharing agreement to work with student information?",
            ("vendors",),
            "platforms",
            "Yes. Any partner or platform that receives student information needs a signed "
            "data-sharing agreement with the district before any data is shared. Ask your "
            f"district contact, or write to [{mailbox}](mailto:{mailbox}).",
        ),
        DemoEntry(
            "old-approved-texting-apps",
            "Which texting apps may teachers use with students?",
            ("staff",),
            "platforms",
            "Teachers may use any free group-texting app, provided a parent has been told about "
            "it at open house.",
            EntryStatus.ARCHIVED,
        ),
        DemoEntry(
            "old-captain-permission",
            "Can coaches text team members directly if the team captain agrees?",
            ("staff",),
            "texting",
            "Yes, coaches may text players directly once the team captain has agreed on behalf "
            "of the team.",
            EntryStatus.ARCHIVED,
        ),
        DemoEntry(
            "consent-by-text-message",
            "Can a parent give permission by replying to a text message?",
            ("parents", "principals"),
            "consent-forms",
            "Draft: waiting for the Law Department's answer on whether a text reply counts as "
            "written permission.",
            EntryStatus.DRAFT,
        ),
    ]


def seed_faq_demo() -> dict[str, int]:
    """Add the demo entries that are not there yet (matched by slug), through the same
    service the admin uses. Returns how many were added per status."""
    audiences = {
        slug: Audience.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in AUDIENCE_NAMES.items()
    }
    topics = {
        slug: Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TOPIC_NAMES.items()
    }
    existing = set(Entry.objects.values_list("slug", flat=True))
    added = dict.fromkeys(EntryStatus.values, 0)
    for position, demo in enumerate(demo_entries(), start=1):
        if demo.slug in existing:
            continue
        entry = Entry(
            slug=demo.slug,
            question=demo.question,
            answer=demo.answer,
            topic=topics[demo.topic],
            position=position * 10,
            status=demo.status,
        )
        entry_save(entry=entry, audiences=[audiences[s] for s in demo.audiences], editor=None)
        added[demo.status] += 1
    return added
