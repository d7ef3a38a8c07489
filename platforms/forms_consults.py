"""Forms of pre-purchase consults: the request, and ITS's answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from platforms.models import Consult, ConsultAnswer
from platforms.selectors import approved_platforms


class ConsultForm(forms.ModelForm):
    class Meta:
        model = Consult
        fields = ["product", "vendor", "purpose", "students", "data_shared", "cost", "school"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "data_shared": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["students"].min_value = 0


class ConsultAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=ConsultAnswer.choices, widget=forms.RadioSelect, label=_("Answer")
    )
    platform = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Approved platform to use instead"),
    )
    answer_text = forms.CharField(
        label=_("Written answer to the requester"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = approved_platforms()

    def clean(self):
        data = super().clean()
        if data.get("answer") == ConsultAnswer.USE_APPROVED and data.get("platform") is None:
            self.add_error("platform", _("Choose the approved platform to use."))
        return data
