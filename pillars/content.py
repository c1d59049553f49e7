"""The alliance's definition of Product Ops and its five pillars, as the founders wrote them down.

Kept in code until the versioned manifesto (its own issue) moves the statements into the
database. The pillars themselves are `pillars.models.Pillar`.
"""

from alliance.pillars import Pillar

DEFINITION = (
    "Product Ops is responsible for continually evolving, optimizing, scaling, and supporting "
    "product management to enable better outcomes for the company, the product team, and each "
    "product professional."
)


STATEMENTS = {
    Pillar.PEOPLE: "The right people, with the right skills, sit in the right roles.",
    Pillar.PROCESS: (
        "Clear, well-defined processes guide product decisions and help the whole company move."
    ),
    Pillar.INSIGHT: (
        "Product teams can reach the internal and external data and insights that lead to the "
        "right product decisions."
    ),
    Pillar.TOOLS: (
        "The product team has the tools and technology it needs to be effective and productive."
    ),
    Pillar.STAKEHOLDERS: (
        "Process, deliverables and expectations are aligned across the organization."
    ),
}
