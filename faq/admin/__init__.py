"""The FAQ's admin for ITS content editors and administrators (roster.access: EDIT_FAQ):
entries with their pending revisions, preview and history (entries.py), the question inbox
(inbox.py), and the lists editors keep (lists.py)."""

from faq.admin import entries, inbox, lists  # noqa: F401 (each module registers its admins)
