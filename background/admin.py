"""The background queue in the admin: every task read-only, the ones that need attention
(failed for good, or waiting to be retried) one filter away, and ITS's "retry now".

A district campaign queues a million tasks: the list counts and pages like the other big
lists (aup_portal.admin_lists), and its order and filters each have an index
(background/migrations/0002_task_list_indexes.py)."""

from django.contrib import admin, messages
from django.db.models import Q
from django.utils.html import format_html
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin  # registers the model first
from django_tasks_db.models import DBTaskResult

from aup_portal.admin_lists import BigListAdminMixin
from background.models import WorkerHeartbeat
from background.services import task_retry
from roster import access
from roster.admin_access import ReadOnlyAdminMixin, RoleAdminMixin

# The partial index tasks_admin_attention has this condition, as Django writes it in SQL.
NEEDS_ATTENTION = Q(status=TaskResultStatus.FAILED) | (
    Q(status=TaskResultStatus.READY) & ~Q(exception_class_path="")
)


class AttentionFilter(admin.SimpleListFilter):
    title = "attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("needed", "Failed or being retried")]

    def queryset(self, request, queryset):
        if self.value() == "needed":
            return queryset.filter(NEEDS_ATTENTION)
        return queryset


class QueueFilter(admin.SimpleListFilter):
    """The queues the task backends accept (settings.TASKS' QUEUES), without reading the
    table for its distinct queue names as a field's filter would."""

    title = "queue name"
    parameter_name = "queue_name"

    def lookups(self, request, model_admin):
        queues = set().union(*(backend.queues for backend in task_backends.all()))
        return [(queue, queue) for queue in sorted(queues)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(queue_name=self.value())
        return queryset


class OperatorsMixin(ReadOnlyAdminMixin, RoleAdminMixin):
    view_action = access.Action.WATCH_TASKS
    change_action = access.Action.WATCH_TASKS


class BackgroundTaskAdmin(BigListAdminMixin, OperatorsMixin, DBTaskResultAdmin):
    """The worker's queue and results (django-tasks). Tasks retry by themselves; a task still
    failing after TASKS_MAX_ATTEMPTS is emailed to ITS and waits here for "Retry now"."""

    list_display = [
        "id",
        "task_name",
        "status",
        "attempts",
        "last_error",
        "enqueued_at",
        "run_after",
        "finished_at",
    ]
    list_filter = [AttentionFilter, "status", QueueFilter]
    actions = ["retry_now"]

    @admin.display(description="task name")
    def task_name(self, obj):
        # The task's name is its function's; the model's own task_name imports the task and
        # checks it against the backend, for every row (and raises for a queue since removed).
        return obj.task_path.rpartition(".")[2]

    @admin.display(description="attempts")
    def attempts(self, obj):
        return len(obj.worker_ids)

    @admin.display(description="last error")
    def last_error(self, obj):
        if not obj.exception_class_path:
            return "-"
        line = (obj.traceback.strip().splitlines() or [""])[-1]
        return format_html("<code>{}</code> {}", obj.exception_class_path, line[:200])

    def has_retry_permission(self, request):
        return access.can(request.user, access.Action.WATCH_TASKS)

    @admin.action(description="Retry now", permissions=["retry"])
    def retry_now(self, request, queryset):
        retried = sum(task_retry(task_id=pk) for pk in queryset.values_list("pk", flat=True))
        skipped = queryset.count() - retried
        self.message_user(request, f"{retried} task(s) will run again as soon as a worker is free.")
        if skipped:
            self.message_user(
                request, f"{skipped} task(s) were running or done; left alone.", messages.WARNING
            )


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, BackgroundTaskAdmin)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(OperatorsMixin, admin.ModelAdmin):
    """The workers alive now (a row not seen for TASKS_LEASE_SECONDS is a worker that died)."""

    list_display = ["worker_id", "host", "pid", "started_at", "seen_at"]
