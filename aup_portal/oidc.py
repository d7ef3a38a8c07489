"""District sign-in through the district's OpenID Connect provider (mozilla-django-oidc).

The provider proves who someone is; the portal decides whether they have an account here (a
verified email matching an active staff account) and what they may do (their roster roles).
"""

import logging
from functools import lru_cache
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from roster.models import User

logger = logging.getLogger(__name__)

# Why a district sign-in was refused, in the words the refusal page shows.
REFUSALS = {
    "unknown": _(
        "Your district account is not linked to a portal account. Ask your principal or the IT "
        "Service Desk to add you."
    ),
    "inactive": _("Your portal account is switched off. Ask the IT Service Desk to turn it on."),
    "unverified": _(
        "The district's sign-in service has not confirmed your email address, so the portal "
        "cannot tell which account is yours. Please contact the IT Service Desk."
    ),
    "provider": _("The district's sign-in service did not sign you in."),
    "unreachable": _(
        "The district's sign-in service is not answering. Please try again in a few minutes."
    ),
    "invalid": _(
        "The sign-in could not be checked (it may have expired or been opened twice). "
        "Please start again."
    ),
}


def enabled() -> bool:
    """District sign-in is on when a client ID is configured."""
    return bool(settings.OIDC_RP_CLIENT_ID)


@lru_cache(maxsize=4)
def _discover(issuer: str) -> dict:
    response = requests.get(
        f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
    )
    response.raise_for_status()
    document = response.json()
    # OpenID Connect Discovery 1.0 §4.3: the document must name the issuer it was fetched from.
    if document.get("issuer", "").rstrip("/") != issuer:
        raise ImproperlyConfigured(f"The discovery document at {issuer} names another issuer.")
    return document


def endpoints() -> dict:
    """The provider's endpoints: each from settings when given, else from discovery."""
    explicit = {
        "authorization_endpoint": settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        "token_endpoint": settings.OIDC_OP_TOKEN_ENDPOINT,
        "userinfo_endpoint": settings.OIDC_OP_USER_ENDPOINT,
        "jwks_uri": settings.OIDC_OP_JWKS_ENDPOINT,
        "end_session_endpoint": settings.OIDC_OP_END_SESSION_ENDPOINT,
    }
    required = [key for key in explicit if key != "end_session_endpoint"]
    if all(explicit[key] for key in required):
        return explicit
    document = _discover(settings.OIDC_ISSUER)
    return {key: value or document.get(key, "") for key, value in explicit.items()}


def is_district_sign_in(request, credentials=None) -> bool:
    """django-axes skips the callback: the provider checked the password, and counting its
    refusals would pause everyone behind a school's shared address."""
    return request.path == reverse("oidc_authentication_callback")


class PasswordBackend(ModelBackend):
    """Passwords; with district sign-in on, only for break-glass accounts."""

    def user_can_authenticate(self, user):
        if enabled() and not getattr(user, "break_glass", False):
            return False
        return super().user_can_authenticate(user)


class DistrictSignInBackend(OIDCAuthenticationBackend):
    """Matches the provider's verified email to an existing account; never creates one and
    never reads roles from the provider's claims."""

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce: a password form never reaches the provider,
        # so break-glass sign-in works while the provider is down.
        if not enabled() or "nonce" not in kwargs:
            return None
        found = endpoints()
        self.OIDC_OP_TOKEN_ENDPOINT = found["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = found["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = found["jwks_uri"]
        return super().authenticate(request, **kwargs)

    def get_payload_data(self, token, key):
        """The ID token's signature, issuer, audience and lifetime; the library checks only
        the signature and the nonce."""
        try:
            algorithm = jwt.get_unverified_header(token).get("alg")
            if algorithm != self.OIDC_RP_SIGN_ALGO:
                raise SuspiciousOperation(f"ID token signed with {algorithm!r}.")
            return jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER,
                leeway=60,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error

    def get_userinfo(self, access_token, id_token, payload):
        claims = super().get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core §5.3.2: user info about anyone but the token's subject is refused.
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The user info is about another subject than the ID token.")
        return claims

    def verify_claims(self, claims):
        # Providers that do not vouch for the address could hand anyone a colleague's email.
        if claims.get("email_verified") is not True or not claims.get("email"):
            self.request.oidc_refusal = "unverified"
            self.request.oidc_email = claims.get("email", "")
            return False
        return True

    def filter_users_by_claims(self, claims):
        users = User.objects.filter(email__iexact=claims["email"].strip())
        self.request.oidc_email = claims["email"]
        self.request.oidc_refusal = "unknown" if not users else "inactive"
        return users

    def update_user(self, user, claims):
        return user  # names and roles come from the roster, not from the provider

    def get_user(self, user_id):
        # An account switched off after sign-in loses its session at the next request.
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


def refused(request, reason: str):
    logger.warning(
        "District sign-in refused (%s) for %r from %s",
        reason,
        getattr(request, "oidc_email", ""),
        request.META.get("REMOTE_ADDR"),
    )
    context = {"reason": REFUSALS[reason]}
    return render(request, "registration/sign_in_refused.html", context, status=403)


@method_decorator(login_not_required, name="dispatch")
class SignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's sign-in page (state, nonce and PKCE)."""

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = endpoints()["authorization_endpoint"]
        except (requests.RequestException, ValueError, ImproperlyConfigured) as error:
            logger.warning("The district's sign-in service could not be reached: %s", error)
            return refused(request, "unreachable")
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: signs the person in, or shows why not (and logs it)."""

    def get(self, request):
        if not enabled():
            raise Http404
        self.user = None
        request.oidc_refusal = "provider" if request.GET.get("error") else "invalid"
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException, ImproperlyConfigured) as error:
            logger.warning("District sign-in could not be checked: %s", error)
            return refused(request, "invalid")

    def login_failure(self):
        reason = self.request.oidc_refusal
        if self.user is not None and not self.user.is_active:
            reason = "inactive"
        return refused(self.request, reason)


@require_POST
def sign_out(request):
    """Ends the portal session and, where the provider offers RP-initiated logout, its own."""
    id_token = request.session.get("oidc_id_token")
    end_session = ""
    if enabled() and id_token:
        try:
            end_session = endpoints()["end_session_endpoint"]
        except (requests.RequestException, ImproperlyConfigured) as error:
            logger.warning("The provider's sign-out address is unknown: %s", error)
    auth.logout(request)
    home = resolve_url(settings.LOGOUT_REDIRECT_URL)
    if not end_session:
        return redirect(home)
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(home),
        }
    )
    return redirect(f"{end_session}?{query}")
