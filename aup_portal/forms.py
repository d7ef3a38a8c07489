"""Staff sign-in forms: with district sign-in on, passwords are for break-glass accounts only."""

from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from aup_portal import oidc


class PasswordSignInForm(auth_forms.AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the username's max_length after the field is built, so only the
        # widget knows it; the validator keeps an overlong name from the sign-in records.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))

    def get_invalid_login_error(self):
        # One message for a wrong password and for an account that must use district sign-in
        # (aup_portal.oidc.PasswordBackend refuses it), so the form tells no one which it was.
        if oidc.enabled():
            return ValidationError(
                _(
                    "Password sign-in is only for break-glass accounts, and this username and "
                    "password do not match one. Staff sign in with the district account."
                ),
                code="invalid_login",
            )
        return super().get_invalid_login_error()


class PasswordResetForm(auth_forms.PasswordResetForm):
    def get_users(self, email):
        users = super().get_users(email)
        if oidc.enabled():
            # Other staff have no portal password to reset: the district manages theirs.
            return (user for user in users if user.break_glass)
        return users
