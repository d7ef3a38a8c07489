"""The contacts pages show: edited here, never typed in a template."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Paths under /faq/ that an audience slug must not take.


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    WEB = "web", _("Web page")


class Contact(models.Model):
    """A hotline, desk or mailbox that the pages show; edited here, never typed in a template
    or an answer. The footer, the home page and answers (``{{contact:<key>}}``) all read it."""

    key = models.SlugField(
        max_length=40,
        blank=True,
        help_text=_(
            "Short name that answers use to show this contact, as in {{contact:oig}}; the home "
            "page uses oig, hotline and service_desk. Leave empty if no answer refers to it."
        ),
    )
    label = models.CharField(max_length=100, help_text=_("For example “IT Service Desk”."))
    kind = models.CharField(max_length=5, choices=ContactKind.choices)
    value = models.CharField(
        max_length=200, help_text=_("The number, address or https:// link people use.")
    )
    purpose = models.CharField(
        max_length=200, blank=True, help_text=_("When to use it, in a short sentence.")
    )
    position = models.PositiveSmallIntegerField(default=100, help_text=_("Lower comes first."))
    active = models.BooleanField(default=True, help_text=_("Shown on the FAQ pages."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "label"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ContactKind.WEB) | Q(value__startswith="https://"),
                name="faq_contact_web_is_https",
                violation_error_message="A web page must start with https://.",
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=~Q(key=""),
                name="faq_contact_key_unique",
                violation_error_message="Another contact already uses this short name.",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def href(self) -> str:
        if self.kind == ContactKind.PHONE:
            return "tel:" + "".join(c for c in self.value if c.isdigit() or c == "+")
        if self.kind == ContactKind.EMAIL:
            return f"mailto:{self.value}"
        return self.value
