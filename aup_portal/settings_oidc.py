"""Settings of district sign-in through OpenID Connect (mozilla-django-oidc), from the
environment; imported by aup_portal/settings.py."""

from django.core.exceptions import ImproperlyConfigured

from aup_portal.envvars import env, env_int

# --- District sign-in (OpenID Connect, docs/oidc.md) ----------------------------------------
# On when OIDC_CLIENT_ID is set. Endpoints come from the issuer's discovery document unless
# each is given; a half-configured setup fails `check --deploy` (aup_portal/checks.py).
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env.str("OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("OIDC_SIGN_ALGO", default="RS256")
if OIDC_RP_SIGN_ALGO not in {"RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "HS256"}:
    raise ImproperlyConfigured(
        f"OIDC_SIGN_ALGO {OIDC_RP_SIGN_ALGO!r} is not one the portal accepts."
    )
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_JWKS_URI", default="")
OIDC_OP_END_SESSION_ENDPOINT = env.str("OIDC_END_SESSION_ENDPOINT", default="")
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10, minimum=1)
# Accounts are made by the roster import or the admin, never from the provider's word.
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
# Kept in the session for the provider's sign-out (id_token_hint).
OIDC_STORE_ID_TOKEN = True
OIDC_CALLBACK_CLASS = "aup_portal.oidc.CallbackView"
OIDC_AUTHENTICATE_CLASS = "aup_portal.oidc.SignInView"
