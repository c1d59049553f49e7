"""Version 1 of the manifesto: the founders' definition of Product Ops and its five pillars.

It is the hub's starting text on every install (not demo data), published on the day the
alliance was announced. The text is written out here, not imported, so that this migration
means the same thing whenever it runs.
"""

from datetime import UTC, datetime

from django.db import migrations

from alliance.text import markdown_to_html

CHANGE_NOTE = (
    "The founders' first version: the definition of Product Ops and its five pillars, as the "
    "founding members agreed them in 2021."
)

SECTIONS = [
    (
        "definition",
        "What Product Ops is",
        "Product Ops is responsible for continually evolving, optimizing, scaling, and "
        "supporting product management to enable better outcomes for the company, the product "
        "team, and each product professional.",
        "Product Ops product-manages the product management experience. As one product becomes "
        "many, each team's roadmaps, business cases and stories drift apart; Product Ops finds "
        "that friction and removes it.\n\n"
        "It gives the glue work that keeps teams consistent a named owner, instead of leaving "
        "it to whoever has time, and it retires a process once it no longer serves the need it "
        "was made for.",
    ),
    (
        "people",
        "People",
        "The right people, with the right skills, sit in the right roles.",
        "Product Ops helps the product organization hire, onboard and grow product "
        "professionals: clear roles, skills that can be named and developed, and onboarding "
        "that makes a new product manager effective in weeks rather than months.",
    ),
    (
        "process",
        "Process",
        "Clear, well-defined processes guide product decisions and help the whole company move.",
        "Business cases, roadmaps and stories share one shape across teams, so leaders can "
        "compare them and people can move between teams. Processes stay as light as the work "
        "allows, and are changed or removed when they stop helping.",
    ),
    (
        "insight",
        "Insight",
        "Product teams can reach the internal and external data and insights that lead to the "
        "right product decisions.",
        "Product Ops curates access to data and research, from inside the company and outside "
        "it, so that product decisions rest on evidence.",
    ),
    (
        "tools",
        "Tools",
        "The product team has the tools and technology it needs to be effective and productive.",
        "The tool stack is chosen, connected and looked after on purpose: fewer tools, used the "
        "same way by every team, with data flowing between them.",
    ),
    (
        "stakeholders",
        "Stakeholders",
        "Process, deliverables and expectations are aligned across the organization.",
        "Design, engineering, marketing, sales and finance know what to expect from product, "
        "and when: the same deliverables, the same cadence, the same vocabulary.",
    ),
]


def publish_version_one(apps, schema_editor):
    ManifestoVersion = apps.get_model("pillars", "ManifestoVersion")
    ManifestoSection = apps.get_model("pillars", "ManifestoSection")
    if ManifestoVersion.objects.filter(number=1).exists():
        return
    version = ManifestoVersion.objects.create(
        status="published",
        number=1,
        is_major=True,
        change_note=CHANGE_NOTE,
        created_at=datetime(2021, 10, 21, 16, 56, tzinfo=UTC),
        published_at=datetime(2021, 10, 21, 16, 56, tzinfo=UTC),
    )
    ManifestoSection.objects.bulk_create(
        ManifestoSection(
            version=version,
            key=key,
            order=order,
            title=title,
            statement=statement,
            body_markdown=body,
            body_html=markdown_to_html(body),
        )
        for order, (key, title, statement, body) in enumerate(SECTIONS, start=1)
    )


def remove_version_one(apps, schema_editor):
    ManifestoVersion = apps.get_model("pillars", "ManifestoVersion")
    version = ManifestoVersion.objects.filter(number=1).first()
    if version is not None and not version.comments.exists():
        version.sections.all().delete()
        version.delete()


class Migration(migrations.Migration):
    dependencies = [("pillars", "0001_manifesto")]

    operations = [migrations.RunPython(publish_version_one, remove_version_one)]
