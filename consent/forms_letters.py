"""The form of the public page where a parent types the code printed on their letter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consent import codes


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=40,
        label=_("The code on your letter"),
        help_text=_("10 letters and numbers, like ABCD-EFGH-JK. Capitals or not, dashes or not."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "form-control-lg",
            }
        ),
        error_messages={"required": _("Type the code printed on your letter.")},
    )

    def clean_code(self):
        typed = self.cleaned_data["code"]
        if codes.normalize(typed) is None:
            raise forms.ValidationError(
                _(
                    "A code has 10 letters and numbers, like ABCD-EFGH-JK. Check that you "
                    "typed all of it."
                )
            )
        return typed
