"""``manage.py check --database default`` warns about a document kind with no retention rule
(a new DocumentKind needs its rule row, added by a data migration)."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database)
def check_every_kind_has_a_rule(app_configs, databases=None, **kwargs):
    from roster.retention.selectors import kinds_without_rule

    try:
        missing = kinds_without_rule()
    except DatabaseError:  # the tables are not migrated yet
        return []
    return [
        Warning(
            f"The document kind {kind!r} has no retention rule: its documents are never "
            "listed for the retention review.",
            hint="Add a RetentionRule row for it in a data migration (roster/migrations).",
            id="roster.W001",
        )
        for kind in missing
    ]
