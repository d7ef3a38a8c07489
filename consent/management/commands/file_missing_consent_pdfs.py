"""The nightly repair's old name: now `manage.py reconcile`, which also repairs emails,
letters and decision records."""

from background.management.commands import reconcile


class Command(reconcile.Command):
    help = "Old name of `manage.py reconcile` (kept for existing schedules). " + (
        reconcile.Command.help
    )
