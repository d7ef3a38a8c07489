"""Questions and comments sent from /faq/ask/, and the replies ITS sends."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from faq.models.entries import MESSAGE_MAX_LENGTH, Entry

# Paths under /faq/ that an audience slug must not take.


class SenderRole(models.TextChoices):
    PARENT = "parent", _("Parent or guardian")
    STUDENT = "student", _("Student")
    STAFF = "staff", _("District staff")
    OTHER = "other", _("Someone else")


class InboxStatus(models.TextChoices):
    NEW = "new", _("New")
    ANSWERED = "answered", _("Answered")
    TURNED_INTO_ENTRY = "faq_entry", _("Turned into an FAQ entry")
    CLOSED = "closed", _("Closed")


class InboxMessage(models.Model):
    """A question or comment sent from /faq/ask/, and how ITS triaged it."""

    message = models.TextField()
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    wants_reply = models.BooleanField(default=False)
    role = models.CharField(max_length=10, choices=SenderRole.choices)
    school = models.CharField(max_length=200, blank=True)
    # A keyed hash of the sender's address, for the rate limit: never the address itself.
    client_hash = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    status = models.CharField(max_length=10, choices=InboxStatus.choices, default=InboxStatus.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    internal_notes = models.TextField(blank=True, help_text=_("Only ITS sees these."))
    faq_entry = models.ForeignKey(
        Entry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbox_messages",
        verbose_name=_("FAQ entry"),
    )

    class Meta:
        verbose_name = _("question or comment")
        verbose_name_plural = _("questions and comments")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(wants_reply=True) | ~Q(email=""),
                name="faq_inbox_reply_needs_email",
                violation_error_message="A reply needs an email address.",
            ),
            models.CheckConstraint(
                condition=Q(LessThanOrEqual(Length("message"), MESSAGE_MAX_LENGTH))
                & ~Q(message=""),
                name="faq_inbox_message_length",
                violation_error_message=(
                    f"A message is between 1 and {MESSAGE_MAX_LENGTH:,} characters."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=InboxStatus.values), name="faq_inbox_status_valid"
            ),
        ]

    def __str__(self):
        first_line = self.message.strip().splitlines()[0] if self.message.strip() else ""
        return first_line[:80] + ("…" if len(first_line) > 80 else "")


class InboxReply(models.Model):
    """A reply ITS emailed to the sender of an inbox message, as sent."""

    inbox_message = models.ForeignKey(
        InboxMessage, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField()
    sent_to = models.EmailField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["sent_at"]

    def __str__(self):
        return f"Reply to {self.sent_to}"
