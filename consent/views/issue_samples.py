"""The confirmation page's samples: the email and the form text exactly as the guardians of
each language will read them."""

from django.utils import translation

from consent.emails import consent_link_email
from consent.i18n import PARENT_LANGUAGES, guardian_language
from consent.links import hash_token, new_nonce, token_for_nonce
from consent.models import ConsentLink, ConsentRequest
from consent.services.forms_text import current_form_text


def language_samples(plan, *, program, school_year, school, **_target) -> list[dict]:
    """Per language the plan's guardians read: the form text they will see (and whether it
    is that language's own version) and, when one of them has an address, the email of one
    of them (its link is a sample that opens nothing)."""
    samples = []
    languages = plan.languages()
    for language in PARENT_LANGUAGES:
        if not languages[language]:
            continue
        form_text = current_form_text(program, language)
        email = None
        emailed = next(
            (
                (student, holder.guardian)
                for student in plan.to_issue
                for holder in student.rights_holders
                if holder.guardian.email and guardian_language(holder.guardian) == language
            ),
            None,
        )
        if emailed is not None:
            student, guardian = emailed
            request = ConsentRequest(
                program=program, school_year=school_year, school=school, student=student
            )
            nonce = new_nonce()  # a sample link: its token opens nothing (no such row)
            email = consent_link_email(
                ConsentLink(
                    request=request,
                    guardian=guardian,
                    nonce=nonce,
                    token_hash=hash_token(token_for_nonce(nonce)),
                )
            )
        with translation.override(language):
            name = translation.get_language_info(language)["name_local"]
        samples.append(
            {
                "language": language,
                "name": name,
                "guardians": languages[language],
                "form_text": form_text,
                "own_version": form_text is not None and form_text.language == language,
                "email": email,
            }
        )
    return samples
