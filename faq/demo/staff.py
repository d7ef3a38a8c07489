"""The district FAQ's current questions for staff and principals (a few also concern vendors and
partners), in our own words and with nothing added."""

from faq.demo.base import DemoEntry

STAFF = [
    DemoEntry(
        "exceptions-for-staff-texting",
        "Are there any exceptions that allow me to text students?",
        ("staff", "principals"),
        "exceptions",
        "Staff who communicate with students electronically must use district systems, such "
        "as district email, Google Classroom or Blackboard Connect. Only a very few exceptions "
        "allow an employee to text a student, and each one needs the parent's or guardian's "
        "**prior written consent**:\n\n"
        "1. **Safety meet-up texts, grades 9–12.** Designated school staff may text "
        "high-school students taking part in an educational or extra-curricular activity, to "
        "keep them safe, if the parent or guardian **and** the principal have both given "
        "prior written permission on the district's consent form, and every text is a group "
        "text that includes the parent or guardian **and** your district email address, so "
        "the messages are retained.\n"
        "2. **Bulk text notifications and alerts.** Schools may use a district-approved bulk "
        "system to send group alerts to students' own cell phones, if the parent or guardian "
        "has given prior written permission and, when they choose to, receives the same "
        "alerts.\n"
        "3. **CEO-approved re-engagement programs** for out-of-school youth, chronic truants "
        "and students leaving juvenile detention facilities. Staff responsible for outreach "
        "in such a program may text students in grades 7–12, following the CEO's requirements "
        "for parent or guardian permission and group texts.\n\n"
        "If none of these applies and you believe you have a valid reason to text a student, "
        "send a written exception request for the CEO's approval to the AUP guidance mailbox: "
        "{{contact:aup_mailbox}}.",
        keywords="text students, texting, textng, SMS, cell phone, exception, safety meet-up, "
        "field trip, bulk alerts, re-engagement, group text, district email, Google Classroom, "
        "Blackboard Connect, CEO approval",
    ),
    DemoEntry(
        "consent-forms-for-staff",
        "Who distributes and keeps the texting consent forms, and for how long are they valid?",
        ("staff", "principals"),
        "consent-forms",
        "The school distributes the consent form for parents to sign when the principal "
        "decides that texting a student is necessary and allowed under the policy. The school "
        "must keep signed forms in the student's **cumulative folder**. Consent covers only "
        "the activity or program named on the form, and only for the **school year** in which "
        "it is signed.",
        keywords="consent form, permission slip, cumulative folder, student record, retention, "
        "how long, valid, expire, every year",
    ),
    DemoEntry(
        "messaging-tools-already-bought",
        "Will my school be able to use the messaging tools we have bought?",
        ("principals", "staff"),
        "platforms",
        "The district is sending schools a survey in the week of September 24 to catalog the "
        "messaging tools they use. With the answers, it will audit whether those tools meet "
        "the district's security standards.",
        keywords="messaging tool, app, Remind, messaging app, platform, survey, "
        "audit, purchased, bought",
    ),
    DemoEntry(
        "tools-that-fail-the-audit",
        "Will messaging tools that fail the audit be taken away from our school? Will ITS "
        "provide an alternative?",
        ("principals", "staff", "vendors"),
        "platforms",
        "The audit is **not meant to be punitive**: the district knows schools chose their "
        "tools with their students and families in mind. Its purpose is to make sure staff and "
        "students use tools that have been shown to be secure and reliable.\n\n"
        "- Platforms that **pass** are marked *Approved* on the Acceptable Platform list on "
        "the Acceptable Use Policy website. ITS uses that list to look for chances to offer a "
        "platform to schools across the district.\n"
        "- Platforms that **fail** are flagged. ITS works with the vendor on a plan to fix the "
        "problems or, if the vendor cannot, works with the school to move to an approved "
        "platform.\n"
        "- Vendors that cannot or will not make the security improvements ITS prescribes are "
        "flagged to the Procurement Department.",
        keywords="audit, fail, failed, approved platforms, Acceptable Platform list, taken "
        "away, alternative, remediation, vendor, procurement, Remind, messaging app",
    ),
    DemoEntry(
        "buying-a-messaging-tool",
        "What do we do if our school is thinking of buying a messaging tool for the coming "
        "school year?",
        ("principals", "staff"),
        "platforms",
        "Do not buy any new messaging tool without consulting ITS first: every solution goes "
        "through an information security review. Call the IT Service Desk "
        "({{contact:service_desk}}) and ask for an Acceptable Use Policy consult.",
        keywords="buy, purchase, purchasing, messaging tool, messaging app, Remind, app, "
        "software, vendor, security review, AUP consult, help desk, service desk",
    ),
    DemoEntry(
        "staff-and-other-users-violations",
        "What happens if an employee or another adult allowed on our school's network breaks "
        "the Staff Acceptable Use Policy?",
        ("staff", "principals", "vendors"),
        "violations",
        "Employees and other users, such as vendors and volunteers, who do not follow the "
        "policy may face consequences that include, among others:\n\n"
        "1. suspension or cancellation of their use or access privileges;\n"
        "2. paying for damage or repairs;\n"
        "3. discipline under the district's rules, policies and guidelines, up to and "
        "including dismissal;\n"
        "4. penalties under a contractor's, vendor's or consultant's contract with the Board;\n"
        "5. exclusion of an intern, a volunteer, or an employee of a vendor, consultant or "
        "contractor from serving the district in any role;\n"
        "6. exclusion from Board premises;\n"
        "7. civil or criminal penalties.\n\n"
        "When a violation harms a student or minor physically or psychologically, or could "
        "have, the district does not hesitate to seek the most severe discipline and "
        "penalties the law allows.",
        keywords="violate, violation, consequences, discipline, termination, fired, vendor, "
        "volunteer, contractor, penalties",
    ),
    DemoEntry(
        "phone-guidance-when",
        "The policy says more guidance is coming on using Board-issued or personal cell phones "
        "for Board business. When will it be available?",
        ("staff",),
        "devices",
        "The district expects guidance on using Board phones for district business to be "
        "available by October 1, 2018.",
        keywords="cell phone, mobile, work phone, Board-issued phone, personal phone, guidance",
    ),
    DemoEntry(
        "phones-until-guidance",
        "May I keep using my Board-issued and personal cell phones for Board business until "
        "the guidance is available?",
        ("staff",),
        "devices",
        "Until the specific guidance comes out, staff with a Board-issued cell phone are "
        "expected to follow professional practices and the general acceptable uses the policy "
        "describes. Staff may use personal phones to reach district email and approved "
        "district social media.",
        keywords="cell phone, mobile, work phone, Board-issued phone, personal phone, email, "
        "social media",
    ),
    DemoEntry(
        "personal-equipment-on-network",
        "Does the AUP apply to staff who use personal equipment on the district network?",
        ("staff",),
        "devices",
        "Yes. The AUP requires you to communicate through district-authorized systems for "
        "authorized purposes, and any device on the district's network, whether the "
        "district's or your own, is subject to the policy.",
        keywords="personal device, own laptop, own phone, BYOD, wifi, wi-fi, network, equipment",
    ),
]
