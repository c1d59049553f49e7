from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Benchmarking survey"

    def ready(self):
        from surveys import receivers  # noqa: F401  (connects them)
