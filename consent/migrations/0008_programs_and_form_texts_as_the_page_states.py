"""The standard programs' words and consent forms say only what the district's FAQ page says.

The programs (0002) gave examples the page does not give, promised that bulk alerts are never
used for conversations, and said every re-engagement text includes the parent and the staff
member's district email; the page says only that re-engagement texting follows the CEO's
requirements for parent or guardian permission and group texts. The forms (0004 in English,
0006 in Spanish) also promised that texts stop at once after a withdrawal, which the portal
cannot promise for a separate system.

Programs: a text is replaced only where it is still 0002's (an editor's wording stays); the
re-engagement program's two group-text flags are turned off, since the page does not state
those rules for it. Forms: a version 2 is added only where the newest version is still the
migration's version 1; signed records keep pointing at version 1."""

import importlib

from django.db import migrations

_programs = importlib.import_module("consent.migrations.0002_standard_programs")
_english_v1 = importlib.import_module("consent.migrations.0004_standard_form_texts")
_spanish_v1 = importlib.import_module("consent.migrations.0006_spanish_form_texts")

PROGRAM_TEXTS = {
    "bulk-alerts": {
        "summary": (
            "The school sends group text notifications and alerts to the student's own cell "
            "phone through a district-approved bulk text notification system."
        ),
        "staff_rules": (
            "Notifications and alerts go out only through a district-approved bulk text "
            "notification system, as group notifications. A parent or guardian who chooses "
            "duplicate notices receives the same notifications and alerts."
        ),
    },
    "safety-meetup": {
        "summary": (
            "Designated school staff may text high-school students taking part in an "
            "educational or extra-curricular activity, to ensure their safety."
        ),
        "staff_rules": (
            "Only designated school staff, and only as group texts that include the parent or "
            "guardian and the staff member's district email address, so that communications "
            "are kept. Needs the principal's written permission too."
        ),
    },
    "reengagement": {
        "summary": (
            "Outreach by CEO-approved re-engagement programs to out-of-school youth, chronic "
            "truants and students leaving juvenile detention facilities."
        ),
        "staff_rules": (
            "Only designated staff responsible for student outreach under a CEO-approved "
            "re-engagement program, in accordance with the CEO's requirements for parent or "
            "guardian permission and group texts."
        ),
    },
}

# The page does not say re-engagement texts include the parent or the district email.
REENGAGEMENT_FLAGS = {"group_texts_include_parent": False, "copy_staff_district_email": False}

_KEEPS_EN = (
    "Your permission covers only this program, and only for the school year in which you sign "
    "it. The school keeps the signed form in your child's cumulative folder.\n\n"
    "If you withdraw your permission in this portal, the withdrawal is recorded and staff are "
    "told that your child is no longer covered."
)
_KEEPS_ES = (
    "Su permiso vale solo para este programa y solo durante el año escolar en que lo firma. La "
    "escuela guarda el formulario firmado en el expediente acumulativo de su hijo o hija.\n\n"
    "Si retira su permiso en este portal, el retiro queda registrado y se avisa al personal "
    "de que su hijo o hija ya no está cubierto por este permiso."
)

FORM_TEXTS_V2 = {
    "en": {
        "bulk-alerts": (
            "Permission to send text alerts to your child",
            "Your child's school uses a district-approved bulk text notification system to "
            "send group text notifications and alerts.\n\n"
            "With your written permission, these notifications and alerts go to your child's "
            "own cell phone.\n\n"
            "You may also choose to receive the same notifications and alerts on your own "
            "cell phone.\n\n" + _KEEPS_EN,
        ),
        "safety-meetup": (
            "Permission for safety texts during school activities",
            "During an educational or extra-curricular activity, designated school staff may "
            "text your high-school student to ensure their safety.\n\n"
            "Every text is a group text that includes you (the parent or guardian) and the "
            "staff member's district email address, so that communications are kept.\n\n"
            "The principal must also give written permission before any texts are sent.\n\n"
            + _KEEPS_EN,
        ),
        "reengagement": (
            "Permission for re-engagement texts",
            "The district has re-engagement programs, approved by the Chief Executive Officer "
            "(CEO), for young people who are out of school, chronically truant, or leaving a "
            "juvenile detention facility. Designated staff responsible for a program's "
            "outreach may text students in grades 7–12.\n\n"
            "This texting follows the CEO's requirements for parent or guardian permission "
            "and for group texts.\n\n" + _KEEPS_EN,
        ),
    },
    "es": {
        "bulk-alerts": (
            "Permiso para enviar alertas por mensaje de texto a su hijo o hija",
            "La escuela de su hijo o hija usa un sistema de avisos masivos por texto aprobado "
            "por el distrito para enviar avisos y alertas grupales por mensaje de texto.\n\n"
            "Con su permiso por escrito, estos avisos y alertas llegan al celular de su hijo "
            "o hija.\n\n"
            "Usted también puede elegir recibir los mismos avisos y alertas en su propio "
            "celular.\n\n" + _KEEPS_ES,
        ),
        "safety-meetup": (
            "Permiso para mensajes de seguridad durante actividades escolares",
            "Durante una actividad educativa o extracurricular, el personal designado de la "
            "escuela puede enviar mensajes de texto a su hijo o hija de preparatoria (high "
            "school) para su seguridad.\n\n"
            "Cada mensaje es un mensaje de grupo que le incluye a usted (el padre, la madre o "
            "el tutor legal) y la dirección de correo electrónico del distrito del empleado, "
            "para que las comunicaciones queden guardadas.\n\n"
            "El director o la directora también debe dar su permiso por escrito antes de que "
            "se envíe cualquier mensaje.\n\n" + _KEEPS_ES,
        ),
        "reengagement": (
            "Permiso para mensajes de reincorporación escolar",
            "El distrito tiene programas de reincorporación, aprobados por el Director "
            "Ejecutivo (CEO), para jóvenes que no asisten a la escuela, que faltan de forma "
            "crónica o que salen de un centro de detención juvenil. El personal designado "
            "encargado del acercamiento de un programa puede enviar mensajes de texto a "
            "estudiantes de los grados 7 a 12.\n\n"
            "Estos mensajes siguen los requisitos del CEO sobre el permiso de los padres o "
            "tutores y los mensajes grupales.\n\n" + _KEEPS_ES,
        ),
    },
}

VERSION_1 = {"en": _english_v1.FORM_TEXTS, "es": _spanish_v1.FORM_TEXTS}


def update_programs(apps, schema_editor):
    TextingProgram = apps.get_model("consent", "TextingProgram")
    old = {p["slug"]: p for p in _programs.STANDARD_PROGRAMS}
    for slug, texts in PROGRAM_TEXTS.items():
        for field, words in texts.items():
            TextingProgram.objects.filter(slug=slug, **{field: old[slug][field]}).update(
                **{field: words}
            )
    TextingProgram.objects.filter(slug="reengagement").update(**REENGAGEMENT_FLAGS)


def add_version_2(apps, schema_editor):
    TextingProgram = apps.get_model("consent", "TextingProgram")
    ConsentFormText = apps.get_model("consent", "ConsentFormText")
    for language, texts in FORM_TEXTS_V2.items():
        for slug, (title, body) in texts.items():
            program = TextingProgram.objects.filter(slug=slug).first()
            if program is None:  # a deployment that deleted the program keeps it deleted
                continue
            newest = (
                ConsentFormText.objects.filter(program=program, language=language)
                .order_by("-version")
                .first()
            )
            # Only over the migration's own version 1: an editor's newer version stays newest.
            if newest is None or newest.version != 1:
                continue
            if newest.body != VERSION_1[language][slug][1]:
                continue
            ConsentFormText.objects.create(
                program=program, language=language, version=2, title=title, body=body
            )


class Migration(migrations.Migration):
    dependencies = [("consent", "0007_letter_files")]

    # Reversing leaves the new words: version 2 may already be signed (and is protected).
    operations = [
        migrations.RunPython(update_programs, migrations.RunPython.noop),
        migrations.RunPython(add_version_2, migrations.RunPython.noop),
    ]
