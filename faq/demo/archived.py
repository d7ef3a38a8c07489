"""The district FAQ page's "OLD Content": earlier answers, superseded by the current FAQ. They
are archived entries, each labelled as no longer current and, where one exists, linked to the
answer that replaced it. In our own words, saying what the old answers said."""

from faq.demo.base import DemoEntry, superseded
from faq.models import EntryStatus

A = EntryStatus.ARCHIVED

ARCHIVED = [
    DemoEntry(
        "old-teacher-recommendations",
        "Will ITS give principals best practices for teachers introducing these changes to "
        "students?",
        ("principals",),
        "rollout",
        superseded(
            "Yes. The plan was a teacher toolkit to support conversations with students, and "
            "a webinar series for schools from ITS in the week of September 24.",
            "teacher-toolkit",
        ),
        keywords="teacher toolkit, webinar",
        status=A,
    ),
    DemoEntry(
        "old-buying-a-communications-tool",
        "What do we do if our school is thinking of buying a communications tool for the "
        "coming school year?",
        ("principals",),
        "platforms",
        superseded(
            "Schools were not to buy new communications platforms of any kind without "
            "consulting ITS first; every solution had to go through an information security "
            "review. The answer said to call the IT Help Desk ({{contact:service_desk}}) and "
            "ask for an Acceptable Use Policy consult.",
            "buying-a-messaging-tool",
        ),
        keywords="buy, purchase, communications tool",
        status=A,
    ),
    DemoEntry(
        "old-when-is-the-survey",
        "When will principals receive the survey for cataloging the platforms their school bought?",
        ("principals",),
        "platforms",
        superseded(
            "The survey was expected in the week of September 10.",
            "messaging-tools-already-bought",
        ),
        keywords="survey, catalog, platforms",
        status=A,
    ),
    DemoEntry(
        "old-platforms-not-on-the-list",
        "What happens if my school uses platforms that are not on the approved list? Will a "
        "tool that fails the audit be taken away, and will ITS provide an alternative?",
        ("principals",),
        "platforms",
        superseded(
            "The district recognized that schools had innovated in the interest of their "
            "students and families. The new policies were to be a framework for working with "
            "schools to inventory and review their communication tools and make sure they "
            "protect data privacy. The effort was not meant to be punitive, only to make sure "
            "staff and students use tools validated as secure and reliable.\n\n"
            "- Platforms that passed the audit would be marked *Approved* on the Acceptable "
            "Platform list. In the longer term, ITS would use the list to look for district-"
            "level purchases of tools offering vital functions the district's systems lacked, "
            "working with the Law Department on contract language consistent with the "
            "platforms already accepted.\n"
            "- Platforms that failed would be flagged, and ITS would work with the vendor on a "
            "remediation plan, or with the school on moving to an approved platform if the "
            "vendor could not remediate in a timely way.\n"
            "- Vendors unable or unwilling to remediate would be flagged to Procurement buyers, "
            "to control later purchases.",
            "tools-that-fail-the-audit",
        ),
        keywords="audit, approved platforms, remediation",
        status=A,
    ),
    DemoEntry(
        "old-what-the-audit-involves",
        "What is involved in the information security audit?",
        ("principals", "vendors"),
        "platforms",
        superseded(
            "The audit examined the technical and data architecture of the solution "
            "(especially a cloud-based one), the partner's perimeter security and related "
            "controls, how mature the company's disaster recovery and incident response plans "
            "were, the level of encryption of data in transit and at rest and, perhaps most "
            "important, whether there was a concrete data-sharing agreement meeting district "
            "standards."
        ),
        keywords="information security audit, encryption, data-sharing agreement, vendor",
        status=A,
    ),
    DemoEntry(
        "old-requesting-a-ceo-exception",
        "I manage a program that relies heavily on texting students. How do I request a "
        "CEO-authorized exception to the texting policy?",
        ("staff",),
        "exceptions",
        superseded(
            "The answer said to call the IT Help Desk ({{contact:service_desk}}) and ask for an "
            "Acceptable Use Policy consult. The request would then go to the Director of "
            "Information Security or the Chief Information Officer for vetting, and to the "
            "CEO's Office for sign-off where applicable; once sanctioned, ITS would update the "
            "AUP guidance website.",
            "exceptions-for-staff-texting",
        ),
        keywords="exception, CEO, texting program",
        status=A,
    ),
    DemoEntry(
        "old-board-phone-guidance",
        "The Staff policy says more guidance is coming on using Board-issued cell phones for "
        "Board business.",
        ("staff",),
        "devices",
        superseded(
            "Guidance on using Board phones for district business was expected by October 1, 2018.",
            "phone-guidance-when",
        ),
        keywords="cell phone, Board-issued phone",
        status=A,
    ),
    DemoEntry(
        "old-board-phone-until-guidance",
        "May I keep using my Board-issued phone for Board business until the guidance is "
        "available?",
        ("staff",),
        "devices",
        superseded(
            "Staff with district-owned phones were expected to follow professional practices "
            "and the general acceptable uses in the policy until the specific guidance came "
            "out.",
            "phones-until-guidance",
        ),
        keywords="cell phone, Board-issued phone",
        status=A,
    ),
    DemoEntry(
        "old-what-happens-if-i-violate",
        "What happens if I violate the Acceptable Use Policy?",
        ("staff", "vendors"),
        "violations",
        superseded(
            "The answer explained that the district's technology, internet and data systems "
            "are a critical part of educating students when used appropriately, and that "
            "inappropriate use of them, or of personal devices, social media and other online "
            "tools, can harm the district, users and students. Any user who violated the "
            "policy faced consequences including, among others: suspension or cancellation of "
            "privileges; payments for damages or repairs; discipline up to and including "
            "termination of employment; contract penalties for contractors, vendors and "
            "consultants; exclusion of interns, volunteers and vendors' employees from serving "
            "the district; exclusion from Board premises; and civil or criminal penalties. "
            "Where a violation harmed or could harm a student or minor, the district would "
            "seek the most severe discipline and penalties the law allows.\n\n"
            "It added that using the district's network and computers is a privilege, not a "
            "right, and that by using them a user agrees to follow the district's "
            "regulations, policies and guidelines.",
            "staff-and-other-users-violations",
        ),
        keywords="violate, consequences, discipline",
        status=A,
    ),
    DemoEntry(
        "old-students-friending",
        "Is it okay for one student to friend another on a personal social media account?",
        ("students",),
        "social-media",
        superseded(
            "The policy did not prohibit students from friending each other on personal social "
            "media accounts, but the district network was not to be used for non-educational "
            "purposes, and personal social media accounts were not to be maintained or used in "
            "the classroom.",
            "personal-social-media-on-district-network",
        ),
        keywords="friend, social media",
        status=A,
    ),
    DemoEntry(
        "old-why-not-text-my-teacher",
        "Why can't I text my teacher's cell phone or use personal social media to reach my "
        "teacher's personal account?",
        ("students",),
        "texting",
        superseded(
            "The goal was for all communication between staff and students to go through "
            "monitored and supported channels, as protection against inappropriate behavior; "
            "the platform review would add protection by checking that platforms in use met "
            "the district's information security standards. Students could use the district's "
            "social media to communicate with staff and other adults working in a school.",
            "why-not-text-my-teacher",
        ),
        keywords="text teacher, social media",
        status=A,
    ),
    DemoEntry(
        "old-harassed-by-staff-or-adult",
        "What do I do if I am being harassed online by a staff member or adult in the building?",
        ("students",),
        "harassment",
        superseded(
            "A student contacted by a staff member or another adult working in a school through "
            "the student's own phone, personal email or non-district social media, or asked for "
            "contact details for that purpose (outside the approved exceptions), was to tell "
            "their parent or guardian and the principal or a school administrator, show them "
            "the message, and call the Student Protections Hotline ({{contact:hotline}}).",
            "student-harassed-by-staff-or-adult",
        ),
        keywords="harassment, adult",
        status=A,
    ),
    DemoEntry(
        "old-harassed-by-student",
        "What do I do if I am being harassed online by a fellow student?",
        ("students",),
        "harassment",
        superseded(
            "Students who were harassed or bullied, or had general questions about the "
            "enhanced student protections, were to call the Student Protections Hotline "
            "({{contact:hotline}}).",
            "student-harassed-by-student",
        ),
        keywords="bullying, harassment",
        status=A,
    ),
    DemoEntry(
        "old-student-violation",
        "What happens if I violate the policy?",
        ("students",),
        "violations",
        superseded(
            "A student who did not follow the Acceptable Use Policy could be disciplined under "
            "the Student Code of Conduct.",
            "student-policy-violation",
        ),
        keywords="violate, discipline",
        status=A,
    ),
    DemoEntry(
        "old-non-employees-running-programs",
        "I am not an employee, but I manage a program that texts and uses social media with "
        "students. How does the policy affect me?",
        ("vendors",),
        "texting",
        superseded(
            "The policies regulated the practices of district staff and did not set rules for "
            "non-employees who work with students. At a minimum, the district expected such "
            "communications to be limited to content relevant to running the program."
        ),
        keywords="partner, vendor, non-employee, program",
        status=A,
    ),
    DemoEntry(
        "old-how-parents-hear",
        "How will parents be introduced to these changes?",
        ("parents",),
        "rollout",
        superseded(
            "The plan was a campaign over several channels to explain the changes and ask "
            "parents for their input: the Acceptable Use Policy website, a Local School Council "
            "roadshow, Parent Universities, and best practices and materials for schools to "
            "give parents.",
            "how-parents-hear-about-the-changes",
        ),
        keywords="parents, campaign",
        status=A,
    ),
    DemoEntry(
        "old-take-home-kit",
        "Will schools get a kit or information that students can take home in their backpacks?",
        ("principals",),
        "rollout",
        superseded(
            "Yes: the intent was to keep updating the site and to provide materials for "
            "principals to engage parents.",
            "take-home-materials",
        ),
        keywords="kit, backpack",
        status=A,
    ),
    DemoEntry(
        "old-getting-the-consent-form",
        "I am a parent of a student. How do I get the consent form the policy refers to?",
        ("parents",),
        "consent-forms",
        superseded(
            "An updated consent form was to be published on the website by August 31, 2018.",
            "permission-for-text-alerts",
        ),
        keywords="consent form, permiso",
        status=A,
    ),
    DemoEntry(
        "old-magnet-and-charter-schools",
        "Do these policies apply to magnet and charter school staff and students?",
        ("parents", "staff"),
        "",
        superseded(
            "Magnet schools were subject to the policy. Charter schools were exempt from "
            "district policies, and nothing in the Charter School Agreement made charter staff "
            "who used district resources subject to the district's Acceptable Use Policy."
        ),
        keywords="charter, magnet",
        status=A,
    ),
    DemoEntry(
        "old-bring-your-own-device",
        "Will the district ever allow students and staff to bring their own devices?",
        ("students", "staff"),
        "devices",
        superseded(
            "The district was exploring Bring Your Own Device (BYOD) for its technology "
            "roadmap. It was in a discovery phase and expected firmer information on timelines "
            "and an implementation model before the end of the 2018–19 school year."
        ),
        keywords="BYOD, own device",
        status=A,
    ),
    DemoEntry(
        "old-personal-device-at-school",
        "If I bring my own device to school, does the Acceptable Use Policy still apply?",
        ("students", "staff"),
        "devices",
        superseded(
            "Yes: any machine on the district's network, district-owned or personal, was "
            "subject to the Acceptable Use Policy.",
            "personal-equipment-on-network",
        ),
        keywords="personal device, network",
        status=A,
    ),
]
