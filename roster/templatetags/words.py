"""``{{ label|in_sentence }}``: a status or role's words inside a sentence (roster.text),
where ``|lower`` would write "waiting for its" and "the ceo's office"."""

from django import template

from roster.text import in_sentence as _in_sentence

register = template.Library()


@register.filter
def in_sentence(label) -> str:
    return _in_sentence(label)
