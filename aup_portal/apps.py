from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Makes the portal's own admin site the default, so every app registers on it."""

    default_site = "aup_portal.admin.PortalAdminSite"

    def ready(self):
        super().ready()
        from aup_portal import checks  # noqa: F401 -- registers the deployment checks
