"""The pillars of Product Ops: the one vocabulary every part of the hub uses (profiles, groups,
surveys, and the manifesto when it lands)."""

from django.db import models


class Pillar(models.TextChoices):
    PEOPLE = "people", "People"
    PROCESS = "process", "Process"
    INSIGHT = "insight", "Insight"
    TOOLS = "tools", "Tools"
    STAKEHOLDERS = "stakeholders", "Stakeholders"
