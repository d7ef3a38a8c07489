from django.apps import AppConfig


class RosterConfig(AppConfig):
    name = "roster"
    verbose_name = "Roster: schools, students, guardians and staff"

    def ready(self):
        from roster.retention import checks  # noqa: F401 -- registers the retention rule check
