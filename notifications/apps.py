from django.apps import AppConfig


def _own_applications(*, user, ids) -> set[int]:
    """An application's notification is for the applicant alone."""
    from members.models import Application

    return set(Application.objects.filter(pk__in=ids, user=user).values_list("pk", flat=True))


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # The members part stands below the ledger and cannot register its own targets.
        from notifications.targets import register_target

        register_target("members.application", _own_applications)
