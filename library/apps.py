from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Library (thought leadership)"

    def ready(self):
        # A member's profile lists what they wrote and curated; members cannot import the
        # library, so the library registers its blocks with members' hook.
        from library.selectors.writing import profile_sections
        from members.contributions import register_profile_section

        register_profile_section(profile_sections)

        # Notifications stand below the library: it says which items a member may still open.
        from library import notifying

        notifying.register()

        # The digest tells each member what was published on their pillars.
        from library.selectors.digest import digest_section
        from notifications.digest import register_digest_section

        register_digest_section(digest_section)
