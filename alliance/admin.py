"""Background jobs for staff: what waits, what runs, what failed and why, and a way to run a
failed one again once its cause is mended. Read-only otherwise: jobs are made by the hub."""

from django.contrib import admin, messages

from alliance import outbox
from alliance.models import Job


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("waiting", "Waiting"), ("running", "Running"), ("failed", "Failed"),
                ("done", "Done")]  # fmt: skip

    def queryset(self, request, queryset):
        return {
            "waiting": queryset.filter(done_at=None, started_at=None),
            "running": queryset.filter(done_at=None, started_at__isnull=False),
            "failed": queryset.filter(done_at__isnull=False).exclude(error=""),
            "done": queryset.filter(done_at__isnull=False, error=""),
        }.get(self.value(), queryset)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at", "relays", "attempts", "started_by", "done_at", "failed"]
    list_filter = [StateFilter, "name"]
    search_fields = ["name", "error"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    actions = ["run_again"]

    @admin.display(boolean=True)
    def failed(self, job):
        return bool(job.done_at and job.error)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # done jobs are forgotten after a week (outbox.prune_done)

    @admin.action(description="Run the selected failed jobs again", permissions=["view"])
    def run_again(self, request, queryset):
        count = outbox.jobs_run_again(queryset.filter(done_at__isnull=False).exclude(error=""))
        self.message_user(request, f"{count} failed jobs will run again.", messages.SUCCESS)
