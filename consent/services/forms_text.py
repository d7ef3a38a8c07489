"""Versions of a program's consent form text: the one to show, and publishing a new one."""

from django.db import transaction
from django.db.models import Case, When

from consent.models import ConsentFormText, TextingProgram


def current_form_text(program: TextingProgram, language: str = "en") -> ConsentFormText | None:
    """The newest version of the program's form in ``language``, else in English."""
    # One query: the versions in ``language`` first, then the English ones, newest first.
    return (
        ConsentFormText.objects.filter(program=program, language__in={language, "en"})
        .order_by(Case(When(language=language, then=0), default=1), "-version")
        .first()
    )


def form_text_publish(*, program, language, title, body, created_by) -> ConsentFormText:
    """Saves a new version of a program's form text; signed records keep pointing at theirs.

    Side effects: one ConsentFormText row."""
    with transaction.atomic():
        # Lock the program so two editors publishing at once get consecutive numbers.
        TextingProgram.objects.select_for_update().get(pk=program.pk)
        latest = (
            ConsentFormText.objects.filter(program=program, language=language)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        return ConsentFormText.objects.create(
            program=program,
            language=language,
            version=(latest or 0) + 1,
            title=title,
            body=body,
            created_by=created_by,
        )
