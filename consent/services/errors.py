"""The exception a consent service raises when a rule refuses a change."""


class ConsentError(Exception):
    """A rule refused the change.

    ``code`` names the rule for code and tests (``"not_open"``); ``message`` is written for
    the person who tried, as a lazy translation with ``%(name)s`` placeholders filled from
    ``params`` only when it is shown, so a parent's page shows it in the parent's language."""

    def __init__(self, *, code: str, message, params: dict | None = None):
        self.code = code
        self.template = message
        self.params = params or {}
        super().__init__(code)

    @property
    def message(self) -> str:
        """The message in the active language."""
        text = str(self.template)
        return text % self.params if self.params else text

    def __str__(self):
        return self.message
