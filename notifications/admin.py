"""The ledger, for staff to look into: what each member was told and through which channels.
Read-only: notifications are written by the parts where things happen, through
notifications.services, and the ledger's dates are what keeps a member from hearing twice."""

from django.contrib import admin

from notifications.models import DigestDelivery, Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadFilter(admin.SimpleListFilter):
    title = "read"
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("yes", "Read"), ("no", "Unread")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(read_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(read_at=None)
        return queryset


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "kind", "headline", "read_at", "emailed_at"]
    list_filter = ["kind", ReadFilter, "reason", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__name", "event_key", "target_key", "target_title"]
    date_hierarchy = "created_at"
    show_full_result_count = False  # a COUNT over the whole ledger on every page is costly
    # The actor is shown by name (actor_name); its link would load every member for a select.
    exclude = ["actor"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["local_date", "user", "since", "sent_at", "skipped"]
    list_filter = ["skipped", "local_date"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__name"]
    date_hierarchy = "local_date"
