"""Versions of a program's consent form text: the one to show, publishing a new one, and the
languages a program has none in."""

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from consent.models import ConsentFormText, TextingProgram
from consent.services.errors import ConsentError

# The signing page shows a program's form text to every parent: a program's versions (a few
# rows, only ever added) are kept in the cache, forgotten when one is saved or deleted, now
# and again at commit (consent/apps.py). Rows a data migration writes through its historical
# model are seen too; a queryset update is seen within CACHE_SECONDS.
CACHE_SECONDS = 600


def _cache_key(program_id: int) -> str:
    return f"consent:form_texts:{program_id}"


def program_form_texts(program_id: int) -> list[ConsentFormText]:
    """Every version of the program's form text, in every language, newest first."""
    texts = cache.get(_cache_key(program_id))
    if texts is None:
        texts = list(ConsentFormText.objects.filter(program_id=program_id).order_by("-version"))
        cache.set(_cache_key(program_id), texts, CACHE_SECONDS)
    return texts


def current_form_text(program: TextingProgram, language: str = "en") -> ConsentFormText | None:
    """The newest version of the program's form in ``language``, else in English."""
    texts = program_form_texts(program.pk)
    for wanted in (language, "en"):
        newest = next((text for text in texts if text.language == wanted), None)
        if newest is not None:
            return newest
    return None


def form_text_of_program(program: TextingProgram, pk: int) -> ConsentFormText | None:
    """The version ``pk`` if it is one of the program's (the one a parent was shown)."""
    return next((text for text in program_form_texts(program.pk) if text.pk == pk), None)


def form_texts_forget(sender, instance, **_signal):
    """Receiver of every model's post_save and post_delete: a program's form text changed
    (by the app's model, or a migration's historical one), so its versions are read again."""
    if sender._meta.label != "consent.ConsentFormText":
        return
    key = _cache_key(instance.program_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


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


def untranslated_languages(program: TextingProgram, languages) -> list[str]:
    """The guardians' languages in which ``program`` has no form text of its own (they would
    read the English version)."""
    have = set(ConsentFormText.objects.filter(program=program).values_list("language", flat=True))
    return sorted(language for language in languages if language not in have)


def translations_check(program: TextingProgram, languages, *, english_with_note: bool) -> list[str]:
    """The untranslated languages (untranslated_languages); refuses (``no_translation``) when
    there are some, unless the sender chose to send the English text with a note."""
    missing = untranslated_languages(program, languages)
    if missing and not english_with_note:
        raise ConsentError(
            code="no_translation",
            message=_(
                "%(program)s has no form text in a language some guardians read "
                "(%(languages)s). Send the English text with a note, or add the "
                "translation first."
            ),
            params={"program": program.name, "languages": ", ".join(missing)},
        )
    return missing
