from django.apps import AppConfig


class WorkingGroupsConfig(AppConfig):
    name = "working_groups"
    verbose_name = "Working groups"

    def ready(self):
        # Notifications stand below the groups and never import them: the groups tell them
        # which posts a member may still see, how to turn off a group's emails, and what the
        # digest says about the member's groups.
        from notifications.digest import register_digest_section
        from working_groups.notifying import register
        from working_groups.selectors.calls_digest import calls_digest_section
        from working_groups.selectors.digest import digest_section

        register()
        register_digest_section(digest_section)
        register_digest_section(calls_digest_section)
