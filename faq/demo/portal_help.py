"""Help with this portal (not district policy): how its pages work, checked against the consent
and exception flows. Each answer opens with the PORTAL_HELP label, under the topic "Using this
portal"."""

from faq.demo.base import PORTAL_HELP, DemoEntry
from faq.models import EntryStatus

PORTAL_HELP_ENTRIES = [
    DemoEntry(
        "answer-a-consent-form-in-the-portal",
        "How do I answer a texting consent form in this portal?",
        ("parents",),
        "using-this-portal",
        PORTAL_HELP + "When your child's school asks for your permission, it sends you a "
        "personal link by email, or a letter with a square code to scan, a short web address "
        "and a code to type.\n\n"
        "1. Open the link (or scan the code, or type the address or the code).\n"
        "2. Enter your child's date of birth, to show it is you.\n"
        "3. Read the form, choose whether you give permission, and type your full name to sign "
        "electronically.\n\n"
        "Afterwards you can download a copy of the signed form (PDF) from the same link. No "
        "internet? Ask the school office for a paper form.",
        keywords="sign, consent form, link, letter, code, QR, date of birth, download copy, "
        "firmar, formulario, enlace, carta, código, fecha de nacimiento",
        question_es="¿Cómo respondo a un formulario de consentimiento en este portal?",
        answer_es="*Ayuda sobre este portal, no política del distrito.*\n\n"
        "Cuando la escuela de su hijo o hija le pide permiso, le envía un enlace personal por "
        "correo electrónico, o una carta con un código cuadrado para escanear, una dirección "
        "web corta y un código para escribir.\n\n"
        "1. Abra el enlace (o escanee el código, o escriba la dirección o el código).\n"
        "2. Escriba la fecha de nacimiento de su hijo o hija, para confirmar que es usted.\n"
        "3. Lea el formulario, elija si da su permiso y escriba su nombre completo para firmar "
        "electrónicamente.\n\n"
        "Después puede descargar una copia del formulario firmado (PDF) con el mismo enlace. "
        "¿No tiene internet? Pida un formulario en papel en la oficina de la escuela.",
    ),
    DemoEntry(
        "withdraw-permission-in-the-portal",
        "How do I withdraw a permission I gave in this portal?",
        ("parents",),
        "using-this-portal",
        PORTAL_HELP + "Open the link the school sent you and choose **Withdraw my "
        "permission**. In this portal, any parent or guardian with educational rights can "
        "withdraw it there. The portal records the withdrawal with the consent record, and "
        "from then on its check shows staff that your child is no longer covered by that "
        "program.",
        keywords="withdraw, revoke, cancel, change my mind, stop texts, retirar, cancelar, permiso",
        question_es="¿Cómo retiro en este portal un permiso que di?",
        answer_es="*Ayuda sobre este portal, no política del distrito.*\n\n"
        "Abra el enlace que le envió la escuela y elija **Retirar mi permiso**. En este "
        "portal, cualquier padre, madre o tutor con derechos educativos puede retirarlo ahí. "
        "El portal registra el retiro junto con el registro del consentimiento, y desde "
        "entonces su verificación le indica al personal que su hijo o hija ya no está "
        "cubierto por ese programa.",
    ),
    DemoEntry(
        "issue-consent-forms-in-the-portal",
        "How does a principal send texting consent forms from this portal?",
        ("principals",),
        "using-this-portal",
        PORTAL_HELP + "Sign in and open the **Consent dashboard**, then choose the program, "
        "the school year and the students. Guardians with an email address get a personal "
        "link by email; for the others the portal prepares printable letters. Paper forms "
        "signed at school are scanned and recorded in the portal too, so the dashboard shows "
        "who has answered and who is covered.",
        keywords="issue, send, consent dashboard, letters, paper forms, scan, principal",
    ),
    DemoEntry(
        "countersign-in-the-portal",
        "How do I give the principal's permission for safety meet-up texts in this portal?",
        ("principals",),
        "using-this-portal",
        PORTAL_HELP + "Safety meet-up texting needs the principal's written permission as well "
        "as the parent's. After a parent gives permission, it waits for you under "
        "**Countersign consents**, where you give or refuse yours. Until you countersign, the "
        "portal does not count the student as covered.",
        keywords="countersign, principal permission, safety meet-up, approve",
    ),
    DemoEntry(
        "exception-request-in-the-portal",
        "How do I ask for a texting exception in this portal?",
        ("staff", "principals"),
        "using-this-portal",
        PORTAL_HELP + "What the policy asks is in the answer for staff about "
        "[exceptions](/faq/#exceptions-for-staff-texting): a written exception request for "
        "the CEO's approval, sent to {{contact:aup_mailbox}}.\n\n"
        "In this portal, sign in and open **Exception requests** to write your request: the "
        "texting you need, for how many students, why, and with which tool. Your written "
        "request goes to your principal, who endorses it, declines it or returns it for "
        "changes; then to IT Services; then to the CEO's office, which decides. Each step is "
        "recorded. An exception approved there appears on the "
        "[approved texting programs](/guidance/programs/) page, and parents then give their "
        "permission for it.",
        keywords="exception request, CEO approval, endorse, texting program, request form",
    ),
    DemoEntry(
        "check-a-student-in-the-portal",
        "How do I check in this portal whether I may text a student?",
        ("staff", "principals"),
        "using-this-portal",
        PORTAL_HELP + "Sign in and open **May I text this student?**, then enter the "
        "student's ID. The page shows, for each texting program, whether you may text the "
        "student today and, if not, why. Each check is recorded in the student's record "
        "access log.",
        keywords="check, covered, may I text, student ID, consent status, lookup",
    ),
    DemoEntry(
        "paper-form-instead",
        "Can I answer the consent form on paper instead of online?",
        ("parents",),
        "using-this-portal",
        PORTAL_HELP + "Yes: ask your child's school office for a paper form. The school "
        "records your signed form in the portal, with a scan of it.",
        keywords="paper form, print, no internet, papel",
        status=EntryStatus.DRAFT,
    ),
]
