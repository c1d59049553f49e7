"""The alliance's definition of Product Ops and its five pillars, as the founders wrote them down.

Kept in code until the versioned manifesto (its own issue) moves them into the database.
"""

from dataclasses import dataclass

DEFINITION = (
    "Product Ops is responsible for continually evolving, optimizing, scaling, and supporting "
    "product management to enable better outcomes for the company, the product team, and each "
    "product professional."
)


@dataclass(frozen=True)
class Pillar:
    key: str
    name: str
    statement: str


PILLARS = [
    Pillar(
        "people",
        "People",
        "The right people, with the right skills, sit in the right roles.",
    ),
    Pillar(
        "process",
        "Process",
        "Clear, well-defined processes guide product decisions and help the whole company move.",
    ),
    Pillar(
        "insight",
        "Insight",
        "Product teams can reach the internal and external data and insights that lead to the "
        "right product decisions.",
    ),
    Pillar(
        "tools",
        "Tools",
        "The product team has the tools and technology it needs to be effective and productive.",
    ),
    Pillar(
        "stakeholders",
        "Stakeholders",
        "Process, deliverables and expectations are aligned across the organization.",
    ),
]
