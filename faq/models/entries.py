"""FAQ audiences, topics, entries with their pending revisions, and synonyms."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from faq.rendering import plain_text, render_answer

# Paths under /faq/ that an audience slug must not take.


RESERVED_AUDIENCE_SLUGS = ("archive", "ask")
MESSAGE_MAX_LENGTH = 5000


def _spanish_or(spanish: str, english: str) -> str:
    """The Spanish words on a page rendered in Spanish (the FAQ views override the language),
    else, or when no Spanish is written yet, the English."""
    in_spanish = (translation.get_language() or "").startswith("es")
    return spanish if in_spanish and spanish else english


class Audience(models.Model):
    """Who a question is for: students, parents and guardians, staff, …"""

    slug = models.SlugField(
        unique=True, help_text=_("The address of the audience's page, as in /faq/parents/.")
    )
    name = models.CharField(max_length=100, help_text=_("For example “Parents and guardians”."))
    name_es = models.CharField(
        _("name in Spanish"),
        max_length=100,
        blank=True,
        help_text=_("Shown on the Spanish FAQ pages; empty shows the English name."),
    )
    intro = models.TextField(
        blank=True, help_text=_("One or two sentences shown at the top of the audience's page.")
    )
    intro_es = models.TextField(
        _("intro in Spanish"),
        blank=True,
        help_text=_("Shown on the Spanish FAQ pages; empty shows the English intro."),
    )
    position = models.PositiveSmallIntegerField(default=100, help_text=_("Lower comes first."))

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_AUDIENCE_SLUGS),
                name="faq_audience_slug_not_reserved",
                violation_error_message=(
                    "“archive” and “ask” are addresses of other FAQ pages; choose another slug."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("faq:audience", args=[self.slug])

    @property
    def shown_name(self) -> str:
        return _spanish_or(self.name_es, self.name)

    @property
    def shown_intro(self) -> str:
        return _spanish_or(self.intro_es, self.intro)


class Topic(models.Model):
    """What a question is about: texting, social media, devices, …"""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    name_es = models.CharField(
        _("name in Spanish"),
        max_length=100,
        blank=True,
        help_text=_("Shown on the Spanish FAQ pages; empty shows the English name."),
    )
    position = models.PositiveSmallIntegerField(default=100, help_text=_("Lower comes first."))

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    @property
    def shown_name(self) -> str:
        return _spanish_or(self.name_es, self.name)


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


# Statuses whose entries some public page shows (the archive is public too).
PUBLIC_STATUSES = (EntryStatus.PUBLISHED, EntryStatus.ARCHIVED)


class SpanishStatus(models.TextChoices):
    NONE = "none", _("No Spanish version")
    DRAFT = "draft", _("Spanish draft, not shown")
    REVIEWED = "reviewed", _("Spanish reviewed and shown")


class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EntryStatus.PUBLISHED)

    def archived(self):
        return self.filter(status=EntryStatus.ARCHIVED)


class Entry(models.Model):
    """One question and its answer. Written through faq.services (which keeps the dates that
    say when the public pages changed); every save is kept as a revision."""

    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text=(
            _(
                "The end of the question's permanent link, as in /faq/#can-i-change-my-mind. Made "
                "from the question when left empty; fixed once the entry has been public, so links "
                "people saved keep working."
            )
        ),
    )
    question = models.CharField(max_length=300)
    answer = models.TextField(
        blank=True,
        help_text=(
            _(
                "Markdown: **bold**, *italic*, [link text](https://…), lists with - or 1. "
                "Scripts, images and styling are removed."
            )
        ),
    )
    # Derived from ``answer`` on every save (see save()): the page never renders Markdown.
    answer_html = models.TextField(editable=False, default="")
    answer_text = models.TextField(editable=False, default="")
    keywords = models.CharField(
        max_length=500,
        blank=True,
        help_text=_(
            "Other words people search with, comma-separated: synonyms, common misspellings, "
            "product names (for example “cell phone, mobile, Remind”)."
        ),
    )
    question_es = models.CharField(_("question in Spanish"), max_length=300, blank=True)
    answer_es = models.TextField(_("answer in Spanish"), blank=True, help_text=_("Markdown."))
    answer_es_html = models.TextField(editable=False, default="")
    answer_es_text = models.TextField(editable=False, default="")
    spanish_status = models.CharField(
        _("Spanish version"),
        max_length=10,
        choices=SpanishStatus.choices,
        default=SpanishStatus.NONE,
        help_text=_("The Spanish version is shown only once reviewed."),
    )
    audiences = models.ManyToManyField(Audience, related_name="entries")
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    position = models.PositiveIntegerField(
        default=100, help_text=_("Order within each audience; lower comes first.")
    )
    status = models.CharField(max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    public_changed_at = models.DateTimeField(
        "public pages last changed",
        null=True,
        editable=False,
        help_text=_("When a save last changed what a public page shows of this entry."),
    )
    archived_at = models.DateTimeField("archived", null=True, editable=False)
    last_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords(
        excluded_fields=["answer_html", "answer_text", "answer_es_html", "answer_es_text"]
    )
    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["status", "position"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EntryStatus.values),
                name="faq_entry_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(spanish_status=SpanishStatus.REVIEWED)
                | (~Q(question_es="") & ~Q(answer_es="")),
                name="faq_entry_reviewed_spanish_is_complete",
                violation_error_message="A reviewed Spanish version needs a question and answer.",
            ),
            models.CheckConstraint(
                condition=~Q(status=EntryStatus.PUBLISHED) | ~Q(answer=""),
                name="faq_entry_published_has_answer",
                violation_error_message="A published entry needs an answer.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=EntryStatus.ARCHIVED, archived_at__isnull=False)
                    | (~Q(status=EntryStatus.ARCHIVED) & Q(archived_at__isnull=True))
                ),
                name="faq_entry_archived_at_iff_archived",
                violation_error_message="Only archived entries carry an archive date.",
            ),
        ]

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        # The HTML is a pure function of the Markdown: computing it here means no path (the
        # admin, a revision restore, the shell) can store one without the other.
        self.answer_html = render_answer(self.answer)
        self.answer_text = plain_text(self.answer_html)
        self.answer_es_html = render_answer(self.answer_es)
        self.answer_es_text = plain_text(self.answer_es_html)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "answer" in update_fields:
            update_fields = {*update_fields, "answer_html", "answer_text"}
        if update_fields is not None and "answer_es" in update_fields:
            update_fields = {*update_fields, "answer_es_html", "answer_es_text"}
        if update_fields is not None:
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)

    def public_url(self) -> str | None:
        """The entry's permanent link while a public page shows it."""
        if self.status == EntryStatus.PUBLISHED:
            return f"{reverse('faq:index')}#{self.slug}"
        if self.status == EntryStatus.ARCHIVED:
            return f"{reverse('faq:archive')}#{self.slug}"
        return None


class EntryRevision(models.Model):
    """An edit to a published entry that is not live yet: the editor previews it as the
    public page will show it, then publishes it (faq.services). One per entry; a new edit
    replaces it. ``fields`` holds the proposed values by field name (``topic_id`` and
    ``audience_ids`` as primary keys)."""

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="pending_revision")
    fields = models.JSONField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pending revision")
        verbose_name_plural = _("pending revisions")

    def __str__(self):
        return f"Pending revision of {self.entry}"


class Synonym(models.Model):
    """Words that mean the same thing to the people searching the FAQ, kept by editors: a
    search for any of them also finds entries that use another ("cell phone, mobile")."""

    terms = models.CharField(
        max_length=300,
        unique=True,
        help_text=_(
            "Two or more words or phrases that mean the same, comma-separated: for example "
            "“cell phone, mobile phone, cellphone” or “Remind, messaging app”."
        ),
    )

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    @property
    def term_list(self) -> list[str]:
        terms = (" ".join(term.split()).lower() for term in self.terms.split(","))
        return [term for term in terms if term]
