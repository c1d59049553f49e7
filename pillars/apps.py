from django.apps import AppConfig


class PillarsConfig(AppConfig):
    name = "pillars"
    verbose_name = "Pillars and manifesto"

    def ready(self):
        # Notifications stand below the manifesto: it says which of its targets a member may
        # still open (comments' threads, versions).
        from pillars import notifying

        notifying.register()
