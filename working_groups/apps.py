from django.apps import AppConfig


class WorkingGroupsConfig(AppConfig):
    name = "working_groups"
    verbose_name = "Working groups"
