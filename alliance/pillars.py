"""The pillars of Product Ops: the one vocabulary every part of the hub uses (profiles, groups,
surveys, the manifesto and the library), so it lives on the ground every app stands on."""

from django.db import models


class Pillar(models.TextChoices):
    PEOPLE = "people", "People"
    PROCESS = "process", "Process"
    INSIGHT = "insight", "Insight"
    TOOLS = "tools", "Tools"
    STAKEHOLDERS = "stakeholders", "Stakeholders"
