"""The exception a consent service raises when a rule refuses a change."""


class ConsentError(Exception):
    """A rule refused the change; the message is written for the person who tried."""
