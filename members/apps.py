from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from members.middleware import seen_on_sign_in

        user_logged_in.connect(seen_on_sign_in, dispatch_uid="members.seen_on_sign_in")
