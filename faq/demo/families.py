"""The district FAQ's current questions for students and for parents and guardians, in our own
words and with nothing added (source: the district's AUP FAQ page,
shared/seed/district-aup-faq.txt). Parent entries carry a reviewed Spanish version. Contacts
are {{contact:<key>}} placeholders: the page fills in the Contact row's current number."""

from faq.demo.base import DemoEntry

STUDENTS = [
    DemoEntry(
        "student-harassed-by-staff-or-adult",
        "What do I do if a staff member or another adult at school harasses me online?",
        ("students",),
        "harassment",
        "If a staff member or another adult sends you an inappropriate electronic message:\n\n"
        "- tell your parent or guardian **and** your principal or a school administrator right "
        "away and, if you can, show them the message or give them a copy; **or**\n"
        "- call the Office of Inspector General (OIG): {{contact:oig}}.",
        keywords="harassment, harassed, harrassed, teacher, coach, adult, inappropriate message, "
        "text, DM, report, tell someone, OIG, inspector general",
    ),
    DemoEntry(
        "student-harassed-by-student",
        "What do I do if another student harasses me online?",
        ("students",),
        "harassment",
        "If another student threatens, harasses or bullies you online:\n\n"
        "- tell your principal, a school administrator or an adult you trust right away and, "
        "if you can, show them the message or give them a copy;\n"
        "- and, or instead, call the Student Protections Hotline: {{contact:hotline}}.",
        keywords="bullying, bullied, cyberbullying, harassment, harrassment, threat, threatened, "
        "classmate, report, hotline",
    ),
    DemoEntry(
        "personal-social-media-on-district-network",
        "May I use the district's computers or network to get on my personal social media?",
        ("students",),
        "social-media",
        "No. Students may friend or connect with each other on personal social media accounts "
        "outside school. But students may not use the district's computers or network for "
        "anything that is not educational, and that includes personal social media accounts.",
        keywords="social media, Instagram, TikTok, Snapchat, Facebook, friend, follow, wifi, "
        "wi-fi, school computer, laptop, network",
    ),
    DemoEntry(
        "why-not-text-my-teacher",
        "Why can't I text my teacher's cell phone or message my teacher on personal social media?",
        ("students",),
        "texting",
        "Keeping students safe is the district's first priority. The district wants all "
        "communication between staff and students to go through district systems, including "
        "the district's own social media, because those systems can be monitored. Talking "
        "through monitored channels helps protect you from inappropriate behavior.",
        keywords="text teacher, texting, textng, cell phone, mobile, personal number, DM, "
        "direct message, social media, safety, monitored",
    ),
    DemoEntry(
        "student-policy-violation",
        "What happens if I break the Acceptable Use Policy?",
        ("students",),
        "violations",
        "A student who does not follow the Student Acceptable Use Policy may be disciplined "
        "under the Student Code of Conduct.",
        keywords="violate, violation, break the rules, consequences, punishment, discipline, "
        "code of conduct, in trouble",
    ),
]

PARENTS = [
    DemoEntry(
        "child-harassed-by-staff-or-adult",
        "What do I do if a staff member or another adult harasses my child online?",
        ("parents",),
        "harassment",
        "If your child receives an inappropriate electronic message from a staff member or "
        "another adult:\n\n"
        "- tell the principal or a school administrator right away and, if you can, show them "
        "the message or give them a copy; **or**\n"
        "- call the Office of Inspector General (OIG): {{contact:oig}}.",
        keywords="harassment, harassed, harrassed, teacher, coach, adult, inappropriate message, "
        "report, OIG, inspector general, acoso, acosado, maestro, mensaje inapropiado, denunciar",
        question_es="¿Qué hago si un miembro del personal u otro adulto acosa a mi hijo o hija "
        "en línea?",
        answer_es="Si su hijo o hija recibe un mensaje electrónico inapropiado de un miembro "
        "del personal o de otro adulto:\n\n"
        "- avise de inmediato al director o a un administrador de la escuela y, si puede, "
        "muéstrele el mensaje o entréguele una copia; **o**\n"
        "- llame a la Oficina del Inspector General (OIG): {{contact:oig}}.",
    ),
    DemoEntry(
        "child-harassed-by-student",
        "What do I do if another student harasses my child online?",
        ("parents",),
        "harassment",
        "If your child is threatened, harassed or bullied online by another student:\n\n"
        "- tell the principal or a school administrator right away and, if you can, show them "
        "the message or give them a copy; **or**\n"
        "- call the Student Protections Hotline: {{contact:hotline}}.",
        keywords="bullying, bullied, cyberbullying, harassment, classmate, threat, hotline, "
        "acoso, intimidación, ciberacoso, amenaza",
        question_es="¿Qué hago si otro estudiante acosa a mi hijo o hija en línea?",
        answer_es="Si otro estudiante amenaza, acosa o intimida a su hijo o hija en línea:\n\n"
        "- avise de inmediato al director o a un administrador de la escuela y, si puede, "
        "muéstrele el mensaje o entréguele una copia; **o**\n"
        "- llame a la Línea directa de Protección Estudiantil (Student Protections Hotline): "
        "{{contact:hotline}}.",
    ),
    DemoEntry(
        "permission-for-text-alerts",
        "How do I give permission for my child to receive text alerts from the school?",
        ("parents",),
        "consent-forms",
        "Your child may receive text alerts only with a parent's or guardian's **written "
        "permission**. If your child's school uses a text alert system, it gives you a consent "
        "form at the start of every school year. On the form you can allow the alerts to go to "
        "your child's own cell phone, and you can also ask to receive copies of the same "
        "notices on your own cell phone.",
        keywords="consent, permission, text alerts, SMS, text messages, textng, cell phone, "
        "mobile, duplicate notices, sign, form, permiso, consentimiento, mensajes de texto, "
        "alertas, celular, formulario",
        question_es="¿Cómo doy permiso para que mi hijo o hija reciba alertas de la escuela "
        "por mensaje de texto?",
        answer_es="Su hijo o hija solo puede recibir alertas por mensaje de texto con el "
        "**permiso por escrito** de su padre, madre o tutor. Si la escuela usa un sistema de "
        "alertas por texto, le entregará un formulario de consentimiento al comienzo de cada "
        "año escolar. En el formulario puede autorizar que las alertas lleguen al celular de "
        "su hijo o hija, y también puede pedir que le envíen copias de los mismos avisos a su "
        "propio celular.",
    ),
    DemoEntry(
        "exceptions-for-texting-my-child",
        "Staff and students may not text each other. Are there any exceptions?",
        ("parents",),
        "exceptions",
        "Yes, a few very limited ones, and in each case you are asked **in advance** to agree "
        "to the texting.\n\n"
        "1. **Safety meet-up texts, grades 9–12.** Designated school staff may text "
        "high-school students taking part in an educational or extra-curricular activity, to "
        "keep them safe. You **and** the principal must both give written permission first, "
        "on the district's consent form, and every text must be a group text that includes "
        "you.\n"
        "2. **Bulk text notifications and alerts.** A school may use a district-approved bulk "
        "system to send group alerts to your child's own cell phone. You must give written "
        "permission first and, if you choose to, you receive the same alerts your child "
        "gets.\n"
        "3. **Re-engagement programs approved by the CEO**, for young people who are out of "
        "school, chronically truant or leaving a juvenile detention facility. Staff doing "
        "outreach in such a program may text students in grades 7–12, following the CEO's "
        "requirements for parent or guardian permission and for group texts.\n\n"
        "If the CEO approves other programs or situations where staff may text students, the "
        "school will tell you whether your child qualifies and what is required.",
        keywords="exception, exceptions, texting, text message, textng, SMS, safety meet-up, "
        "activity, bulk alerts, re-engagement, group text, CEO, excepciones, mensajes de "
        "texto, permiso",
        question_es="El personal y los estudiantes no pueden enviarse mensajes de texto. "
        "¿Hay excepciones?",
        answer_es="Sí, unas pocas y muy limitadas, y en cada caso se le pedirá **de antemano** "
        "que autorice los mensajes.\n\n"
        "1. **Mensajes de seguridad para encuentros, grados 9 a 12.** El personal designado de "
        "la escuela puede enviar mensajes de texto a estudiantes de preparatoria que participan "
        "en una actividad educativa o extracurricular, para su seguridad. Usted **y** el "
        "director deben dar antes su permiso por escrito en el formulario de consentimiento "
        "del distrito, y todos los mensajes deben ser grupales y incluirle a usted.\n"
        "2. **Avisos y alertas masivos por texto.** La escuela puede usar un sistema de "
        "mensajes masivos aprobado por el distrito para enviar alertas grupales al celular de "
        "su hijo o hija. Usted debe dar antes su permiso por escrito y, si lo desea, recibe "
        "las mismas alertas que su hijo o hija.\n"
        "3. **Programas de reincorporación aprobados por el CEO**, para jóvenes que no asisten "
        "a la escuela, que faltan de forma crónica o que salen de un centro de detención "
        "juvenil. El personal encargado del acercamiento en estos programas puede enviar "
        "mensajes de texto a estudiantes de los grados 7 a 12, según los requisitos del CEO "
        "sobre el permiso de los padres o tutores y los mensajes grupales.\n\n"
        "Si el CEO aprueba otros programas o situaciones en que el personal pueda enviar "
        "mensajes de texto a estudiantes, la escuela le avisará si su hijo o hija cumple los "
        "requisitos y cuáles son.",
    ),
    DemoEntry(
        "consent-forms-for-parents",
        "Who gives out and keeps the consent forms for texting, and for how long are they valid?",
        ("parents",),
        "consent-forms",
        "The school gives you the consent-to-text form to sign, and keeps the signed form in "
        "your child's **cumulative folder**. Your consent covers only the activity or program "
        "named on the form, and only for the **school year** in which you sign it.",
        keywords="consent form, permission slip, cumulative folder, school record, how long, "
        "valid, expire, every year, formulario, consentimiento, permiso, año escolar",
        question_es="¿Quién entrega y guarda los formularios de consentimiento para mensajes "
        "de texto, y por cuánto tiempo son válidos?",
        answer_es="La escuela le entrega el formulario de consentimiento para que lo firme, y "
        "guarda el formulario firmado en el **expediente acumulativo** de su hijo o hija. Su "
        "consentimiento vale solo para la actividad o el programa que indica el formulario, y "
        "solo durante el **año escolar** en que lo firma.",
    ),
    DemoEntry(
        "child-policy-violation",
        "What happens if my child breaks the Acceptable Use Policy?",
        ("parents",),
        "violations",
        "A student who does not follow the Student Acceptable Use Policy may be disciplined "
        "under the Student Code of Conduct.",
        keywords="violate, violation, break the rules, consequences, discipline, code of "
        "conduct, infracción, disciplina, código de conducta",
        question_es="¿Qué pasa si mi hijo o hija no cumple la Política de Uso Aceptable?",
        answer_es="Un estudiante que no cumple la Política de Uso Aceptable para Estudiantes "
        "puede recibir medidas disciplinarias según el Código de Conducta Estudiantil.",
    ),
    DemoEntry(
        "how-parents-hear-about-the-changes",
        "How will parents be told about these changes?",
        ("parents", "principals"),
        "rollout",
        "The district plans a campaign over several channels, both to explain the changes and "
        "to ask parents for their views on the next steps: the Acceptable Use Policy website, "
        "a roadshow to Local School Councils, sessions at Parent Universities, and best "
        "practices and materials that schools hand out to parents.",
        keywords="parents, information, campaign, Local School Council, LSC, Parent "
        "University, website, informar, padres, cambios",
        question_es="¿Cómo se informará a los padres de estos cambios?",
        answer_es="El distrito prevé una campaña por varios medios, para explicar los cambios "
        "y para pedir la opinión de los padres sobre los próximos pasos: el sitio web de la "
        "Política de Uso Aceptable, una gira por los Consejos Escolares Locales (Local School "
        "Councils), sesiones en las Parent Universities, y buenas prácticas y materiales que "
        "las escuelas entregan a los padres.",
    ),
]

ROLLOUT = [
    DemoEntry(
        "take-home-materials",
        "Will schools get a kit or information that students can take home in their backpacks?",
        ("parents", "principals", "staff"),
        "rollout",
        "Yes. The district intends to keep this Acceptable Use Policy website up to date and "
        "to provide materials that help principals engage parents.",
        keywords="kit, backpack, take home, flyer, handout, materials, letter home, mochila, "
        "materiales, información",
        question_es="¿Recibirán las escuelas un kit o información que los estudiantes puedan "
        "llevar a casa en la mochila?",
        answer_es="Sí. El distrito tiene la intención de mantener actualizado este sitio web "
        "de la Política de Uso Aceptable y de ofrecer materiales que ayuden a los directores "
        "a fomentar la participación de los padres.",
    ),
    DemoEntry(
        "teacher-toolkit",
        "Will the district recommend best practices for teachers introducing these changes to "
        "students?",
        ("principals", "staff"),
        "rollout",
        "Yes. The district will create a teacher toolkit to support the rollout and the "
        "conversations with students, and ITS will run a webinar series for schools on best "
        "practices this fall. More information is to follow.",
        keywords="teacher toolkit, best practices, webinar, training, rollout, introduce, "
        "classroom",
    ),
]
