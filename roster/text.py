"""Labels written inside a sentence: "Endorsed, waiting for ITS" becomes "endorsed, waiting
for ITS", never "waiting for its"; a label that starts with a name or an acronym ("CEO's
office", "ITS reviewer") is left as it is."""


def in_sentence(label) -> str:
    """``label`` (a status or role's words, lazily translated or not) lower-cased at its first
    letter only, and only when its first word is an ordinary word (not "ITS", "CEO's")."""
    text = str(label)
    first_word = text.split(" ", 1)[0].split("'", 1)[0].rstrip(",.;:")
    if len(first_word) > 1 and first_word.isupper():
        return text
    return text[:1].lower() + text[1:]
