"""Pre-purchase AUP consults: a staff member asks ITS before buying a messaging tool; ITS
answers (use an approved platform, proceed to audit, do not buy) and the answer is emailed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsultAnswer(models.TextChoices):
    USE_APPROVED = "use_approved", _("Use an approved platform")
    AUDIT = "audit", _("Proceed to audit")
    DO_NOT_BUY = "do_not_buy", _("Do not buy")


class Consult(models.Model):
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    product = models.CharField(_("product"), max_length=200)
    vendor = models.CharField(_("vendor"), max_length=200)
    purpose = models.TextField(_("what it is for"))
    students = models.PositiveIntegerField(_("about how many students it affects"))
    data_shared = models.TextField(_("what student or staff data it would hold"))
    cost = models.DecimalField(
        _("cost (optional)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    school = models.ForeignKey(
        "roster.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school (optional)"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.CharField(_("answer"), max_length=20, choices=ConsultAnswer, blank=True)
    answer_text = models.TextField(_("written answer"), blank=True)
    # "Use approved platform X": X; "proceed to audit": the platform registered for the audit.
    platform = models.ForeignKey(
        "platforms.Platform", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer="", answered_at__isnull=True)
                | (~models.Q(answer="") & models.Q(answered_at__isnull=False)),
                name="consult_answered_when",
            ),
            models.CheckConstraint(
                condition=models.Q(answer="do_not_buy")
                | models.Q(answer="")
                | models.Q(platform__isnull=False),
                name="consult_answer_names_platform",
            ),
        ]

    def __str__(self):
        return f"Consult: {self.product} ({self.vendor})"

    @property
    def is_waiting(self) -> bool:
        return not self.answer

    @property
    def names_approved_platform(self) -> bool:
        return self.answer == ConsultAnswer.USE_APPROVED

    @property
    def goes_to_audit(self) -> bool:
        return self.answer == ConsultAnswer.AUDIT
