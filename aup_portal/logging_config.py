"""The portal's logging and error-report configuration (settings.LOGGING, Sentry), built from
the LOG_LEVEL / LOG_FORMAT / SENTRY_DSN the settings read: JSON lines or plain text with the
request id, every line redacted (aup_portal/logging.py, aup_portal/redaction.py)."""


def logging_config(*, level: str, fmt: str) -> dict:
    """The LOGGING dict: the console in ``fmt`` ("json" or "plain") at ``level``, and server
    errors emailed to ADMINS outside DEBUG."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {"()": "aup_portal.logging.JsonLines"},
        },
        "filters": {
            "redact_secrets": {"()": "aup_portal.redaction.RedactSecrets"},
            "request_context": {"()": "aup_portal.logging.RequestContext"},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
            "quiet_health_probes": {"()": "aup_portal.logging.QuietHealthProbes"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": fmt,
                "filters": ["redact_secrets", "request_context", "quiet_health_probes"],
            },
            "mail_admins": {
                "level": "ERROR",
                "class": "aup_portal.logging.RedactedAdminEmailHandler",
                "filters": [
                    "require_debug_false",
                    "quiet_health_probes",
                    "redact_secrets",
                    "request_context",
                ],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's server errors: the console and ADMINS (instead of Django's own handlers,
            # which do not redact).
            "django": {"handlers": ["console", "mail_admins"], "level": level, "propagate": False},
            # Scanners sending other Host headers: logged, not emailed.
            "django.security.DisallowedHost": {"handlers": ["console"], "propagate": False},
            "django.db.backends": {"level": "WARNING"},
            # runserver's request lines, through the filtered handler (Django's own has none).
            "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }


def sentry_init(*, dsn: str, environment: str) -> None:
    """Send errors to a Sentry-compatible service: no personal data, no request bodies or
    local variables, every text redacted."""
    import sentry_sdk

    from aup_portal.logging import sentry_before_send

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=sentry_before_send,
        before_breadcrumb=sentry_before_send,
    )
