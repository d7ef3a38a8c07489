"""Version 1 of the Spanish consent form for each standard program, written for the district's
families (the English version 1 is in 0004). A parent who signs in Spanish signs this text."""

from django.db import migrations

FORM_TEXTS = {
    "bulk-alerts": (
        "Permiso para enviar alertas por mensaje de texto a su hijo o hija",
        """La escuela de su hijo o hija usa el sistema de mensajes masivos aprobado por el distrito para enviar alertas breves por mensaje de texto a grupos: cierres de la escuela, cambios de horario, emergencias y recordatorios de eventos escolares.

Con su permiso, estas alertas llegarán al teléfono celular de su hijo o hija. Las alertas son mensajes de grupo que envía el sistema. El personal no lo usa para conversaciones privadas, y su hijo o hija no puede responder a un empleado de la escuela por este medio.

Usted también puede elegir recibir las mismas alertas en su propio teléfono.

Su permiso es válido solo para este año escolar. Se guarda en el expediente escolar de su hijo o hija. Puede retirarlo en cualquier momento, y las alertas se detienen de inmediato.""",
    ),
    "safety-meetup": (
        "Permiso para mensajes de seguridad durante actividades escolares",
        """Durante excursiones, partidos, competencias y otras actividades educativas o extracurriculares, el personal designado por el director o la directora de la escuela puede necesitar enviar mensajes de texto a su hijo o hija de escuela secundaria (high school) para su seguridad: dónde reunirse, a qué hora sale el autobús o un cambio de planes.

Cada mensaje es un mensaje de grupo que incluye al padre, la madre o el tutor legal (usted) y la dirección de correo electrónico del distrito del empleado, para que quede guardado cada mensaje. El personal nunca envía mensajes privados a su hijo o hija.

El director o la directora también debe dar su permiso por escrito antes de que se envíe cualquier mensaje.

Su permiso es válido solo para este año escolar. Se guarda en el expediente escolar de su hijo o hija. Puede retirarlo en cualquier momento, y los mensajes se detienen de inmediato.""",
    ),
    "reengagement": (
        "Permiso para mensajes de reincorporación escolar",
        """El distrito tiene programas, aprobados por el Director Ejecutivo (CEO), que ayudan a volver a la escuela a los estudiantes que no asisten, que faltan con frecuencia o que regresan de un centro de detención juvenil. El personal del programa puede necesitar enviar mensajes de texto a su hijo o hija para mantenerse en contacto y ofrecerle apoyo.

Cada mensaje es un mensaje de grupo que incluye al padre, la madre o el tutor legal (usted) y la dirección de correo electrónico del distrito del empleado, para que quede guardado cada mensaje. El personal nunca envía mensajes privados a su hijo o hija.

Su permiso es válido solo para este año escolar. Se guarda en el expediente escolar de su hijo o hija. Puede retirarlo en cualquier momento, y los mensajes se detienen de inmediato.""",
    ),
}


def add_texts(apps, schema_editor):
    TextingProgram = apps.get_model("consent", "TextingProgram")
    ConsentFormText = apps.get_model("consent", "ConsentFormText")
    for slug, (title, body) in FORM_TEXTS.items():
        program = TextingProgram.objects.filter(slug=slug).first()
        if program is None:  # a deployment that deleted the program keeps it deleted
            continue
        ConsentFormText.objects.get_or_create(
            program=program, language="es", version=1, defaults={"title": title, "body": body}
        )


def remove_texts(apps, schema_editor):
    # A version someone signed is protected (ConsentRecord.form_text): unapplying then fails
    # rather than orphan a signed record.
    ConsentFormText = apps.get_model("consent", "ConsentFormText")
    ConsentFormText.objects.filter(program__slug__in=FORM_TEXTS, language="es", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("consent", "0005_programs_per_school_codes_paper_forms_api_keys")]

    operations = [migrations.RunPython(add_texts, remove_texts)]
