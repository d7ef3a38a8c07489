"""The public ask form and the admin's forms for entries and inbox messages."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from faq.models import MESSAGE_MAX_LENGTH, Entry, EntryStatus, InboxMessage, SenderRole


class AskForm(forms.Form):
    """A question or comment for ITS. ``website`` is a honeypot: people never see it."""

    message = forms.CharField(
        label=_("Your question or comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            f"Up to {MESSAGE_MAX_LENGTH:,} characters. Please do not include a student's ID "
            "number or other private details."
        ),
        error_messages={"required": _("Write your question or comment.")},
    )
    role = forms.ChoiceField(
        label=_("You are"),
        choices=SenderRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Tell us who you are, so we can answer in the right way.")},
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    school = forms.CharField(label=_("School (optional)"), max_length=200, required=False)
    wants_reply = forms.BooleanField(label=_("I would like a reply by email"), required=False)
    email = forms.EmailField(
        label=_("Your email address"),
        required=False,
        max_length=InboxMessage._meta.get_field("email").max_length,
        help_text=_("Needed only if you would like a reply; we also send you a receipt."),
        error_messages={"invalid": _("Enter an email address like name@example.com.")},
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "message",
            "role",
            "name",
            "school",
            "wants_reply",
            "email",
            Div(Field("website"), css_class="faq-honeypot"),
        )

    def clean_message(self):
        # Checked here rather than with max_length: a browser would silently cut a pasted
        # text at the maxlength attribute, and the person would lose what they wrote.
        message = self.cleaned_data["message"].strip()
        if len(message) > MESSAGE_MAX_LENGTH:
            raise forms.ValidationError(
                _(
                    "Please shorten your message to %(limit)s characters or fewer "
                    "(it has %(length)s)."
                )
                % {"limit": f"{MESSAGE_MAX_LENGTH:,}", "length": f"{len(message):,}"}
            )
        return message

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("wants_reply") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter your email address so that we can reply.")
        return cleaned

    @property
    def is_from_a_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def submission(self) -> dict:
        """The fields faq.services.inbox_message_submit takes."""
        keys = ("message", "role", "name", "email", "wants_reply", "school")
        return {key: self.cleaned_data[key] for key in keys}


class EntryAdminForm(forms.ModelForm):
    class Meta:
        model = Entry
        fields = [
            "question",
            "slug",
            "answer",
            "audiences",
            "topic",
            "position",
            "status",
            "keywords",
            "question_es",
            "answer_es",
            "spanish_status",
        ]
        widgets = {
            "question": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "audiences": forms.CheckboxSelectMultiple,
            "answer": forms.Textarea(attrs={"rows": 14, "class": "vLargeTextField"}),
            "keywords": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "question_es": forms.TextInput(attrs={"class": "vLargeTextField", "lang": "es"}),
            "answer_es": forms.Textarea(
                attrs={"rows": 10, "class": "vLargeTextField", "lang": "es"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pending = getattr(self.instance, "pending_fields", None)
        if pending and not self.is_bound:
            # A published entry's change form opens on its pending revision (EntryAdmin).
            initial = {name: value for name, value in pending.items() if name != "audience_ids"}
            initial["topic"] = initial.pop("topic_id")
            initial["audiences"] = pending["audience_ids"]
            self.initial.update(initial)
        if "audiences" in self.fields:
            self.fields["audiences"].required = True
            self.fields["audiences"].error_messages["required"] = "Choose who the answer is for."

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == EntryStatus.PUBLISHED
            and not (cleaned.get("answer") or "").strip()
        ):
            self.add_error("answer", "A published entry needs an answer.")
        return cleaned


class InboxMessageAdminForm(forms.ModelForm):
    reply = forms.CharField(
        label=_("Reply by email"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"}),
        help_text=(
            _(
                "Sent to the sender's email address when you save, and recorded below. Leave it "
                "empty to save only the status, assignee and notes."
            )
        ),
    )

    class Meta:
        model = InboxMessage
        fields = ["status", "assignee", "internal_notes"]

    def clean_reply(self):
        reply = self.cleaned_data["reply"].strip()
        if reply and not self.instance.email:
            raise forms.ValidationError(
                _("This sender gave no email address, so a reply cannot be sent.")
            )
        return reply
