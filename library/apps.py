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
