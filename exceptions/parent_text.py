"""The first draft of the form text parents will read for a CEO-approved program, in English
and Spanish, from the request. ITS edits it when recommending (exceptions.forms); the
request's own words (what the texts are for) are marked for translation in the Spanish draft."""

from django.conf import settings

from exceptions.models import ExceptionRequest

# Left around words that still need translating; a text containing it is refused.
TRANSLATE_OPEN, TRANSLATE_CLOSE = "[[", "]]"


def drafts(request: ExceptionRequest) -> dict[str, str]:
    """PARENT_TEXT_FIELDS (exceptions.services) filled with a draft, written to parents."""
    district, school = settings.DISTRICT["name"], request.school.name
    title, platform = request.title, request.platform
    purpose = " ".join(request.purpose.split())
    how_en, how_es = [], []
    if request.group_texts_include_parent:
        how_en.append("every text is a group text that includes you, the parent or guardian")
        how_es.append(
            "cada mensaje es un mensaje de grupo que lo incluye a usted, el padre, la madre o "
            "el tutor legal"
        )
    if request.copy_staff_district_email:
        how_en.append("every text is copied to the staff member's district email address")
        how_es.append(
            "cada mensaje se copia a la dirección de correo electrónico del distrito del empleado"
        )
    en = [
        f"{school} asks your permission for staff to text your child under “{title}”, a "
        f"program the CEO of {district} approved as an exception to the district's Acceptable "
        "Use Policy.",
        f"What the texts are for: {purpose}",
        f"How: texts are sent with {platform}"
        + "".join(f"; {part}" for part in how_en)
        + ". Staff never text your child about anything else under this permission.",
        "You may withdraw this permission at any time through the same link.",
    ]
    es = [
        f"{school} le pide permiso para que el personal envíe mensajes de texto a su hijo o "
        f"hija dentro de «{title}», un programa que el director ejecutivo (CEO) de {district} "
        "aprobó como excepción a la Política de Uso Aceptable del distrito.",
        f"Para qué son los mensajes: {TRANSLATE_OPEN}{purpose}{TRANSLATE_CLOSE}",
        f"Cómo: los mensajes se envían con {platform}"
        + "".join(f"; {part}" for part in how_es)
        + ". El personal nunca le enviará mensajes a su hijo o hija sobre ningún otro tema "
        "con este permiso.",
        "Puede retirar este permiso en cualquier momento con el mismo enlace.",
    ]
    return {
        "parent_title_en": f"Permission to text your child: {title}",
        "parent_body_en": "\n\n".join(en),
        "parent_title_es": f"Permiso para enviar mensajes de texto a su hijo o hija: {title}",
        "parent_body_es": "\n\n".join(es),
    }
