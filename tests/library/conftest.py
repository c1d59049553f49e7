"""The library's shared test helpers: each part adds functions prefixed with its name."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from library.models import Credit, Item
from library.services import reviewing, writing
from tests.factories import MemberFactory, StaffFactory

# --- Reading: published items made through the services ------------------------------------


def reading_published(
    *,
    kind: str = "article",
    title: str = "Roadmap standards that stick",
    summary: str = "How one team made its roadmaps comparable.",
    pillars=("process",),
    tags=(),
    author=None,
    coauthors=(),
    staff=None,
    published_at=None,
    edited_at=None,
    **fields,
) -> Item:
    """An item written (or curated), submitted and published through the services, by
    `author` with accepted `coauthors`; dates set after the fact when given."""
    author = author or MemberFactory()
    staff = staff or StaffFactory()
    if kind == "article":
        fields.setdefault("body", "A standard roadmap template, one page per quarter.")
    else:
        fields.setdefault("url", "https://example.com/essays/glue-work")
        fields.setdefault("curator_note", "Names the work that holds teams together.")
    item = writing.item_create(
        kind=kind, created_by=author, title=title, summary=summary, pillars=list(pillars),
        tags=list(tags), **fields,
    )  # fmt: skip
    for coauthor in coauthors:
        credit = writing.credit_invite(item=item, member=coauthor, invited_by=author)
        writing.credit_accept(credit=credit, user=coauthor)
    item = writing.item_submit(item=item, user=author)
    item = reviewing.item_publish(item=item, reviewer=staff)
    dates = {"published_at": published_at, "edited_at": edited_at}
    dates = {name: value for name, value in dates.items() if value is not None}
    if dates:  # a test about dates: the services stamp "now"
        Item.objects.filter(pk=item.pk).update(**dates)
        item.refresh_from_db()
    return item


def reading_many(count: int, *, author=None, coauthor=None, pillar="process", tag="roadmaps"):
    """`count` published items for query counts: an article (with `coauthor`) and a link made
    through the services, and `count - 2` copies of them made in bulk, each with the same
    credits, the tag `tag` and one of seven others, and `pillar` (and "tools" every other)."""
    author = author or MemberFactory()
    staff = StaffFactory()
    models = [
        reading_published(kind="article", author=author, coauthors=[coauthor] if coauthor else [],
                          staff=staff, pillars=[pillar], tags=[tag]),
        reading_published(kind="link", author=author, staff=staff, title="A curated essay",
                          pillars=[pillar, "tools"], tags=[tag]),
    ]  # fmt: skip
    model_credits = [list(Credit.objects.filter(item=model)) for model in models]
    tags = [Tag.objects.get_or_create(slug=name, defaults={"name": name})[0] for name in TAG_POOL]
    now = timezone.now()
    copies = []
    for number in range(count - 2):
        copy = Item.objects.get(pk=models[number % 2].pk)
        copy.pk = None
        copy.slug = f"{copy.slug}-{number}"
        copy.title = f"Item number {number}"
        copy.published_at = copy.edited_at = now - timedelta(minutes=count - number)
        copies.append(copy)
    Item.objects.bulk_create(copies)
    content_type = ContentType.objects.get_for_model(Item)
    tag = Tag.objects.get(slug=tag)
    credits, tagged = [], []
    for number, copy in enumerate(copies):
        credits += [
            Credit(
                item_id=copy.pk,
                member_id=credit.member_id,
                role=credit.role,
                order=credit.order,
                invited_at=credit.invited_at,
                accepted_at=credit.accepted_at,
            )
            for credit in model_credits[number % 2]
        ]
        tagged += [
            TaggedItem(tag=tag, content_type=content_type, object_id=copy.pk),
            TaggedItem(tag=tags[number % 7], content_type=content_type, object_id=copy.pk),
        ]
    Credit.objects.bulk_create(credits)
    TaggedItem.objects.bulk_create(tagged)
    return [*models, *copies]


TAG_POOL = ["alignment", "tool-stack", "glue-work", "business-cases", "hiring", "rituals", "okrs"]


# --- Reviewing: items submitted for review through the services ----------------------------


def reviewing_submitted(
    *,
    kind: str = "article",
    title: str = "Business cases that get funded",
    pillars=("process",),
    author=None,
    coauthors=(),
    **fields,
) -> Item:
    """An item written by `author` (with accepted `coauthors`) and submitted for review."""
    author = author or MemberFactory()
    if kind == "article":
        fields.setdefault("body", "Start from the decision the business case must support.")
    else:
        fields.setdefault("url", "https://example.com/essays/creative-destruction")
        fields.setdefault("curator_note", "Why tools must be retired as deliberately as adopted.")
    item = writing.item_create(
        kind=kind, created_by=author, title=title, summary="What a good one holds.",
        pillars=list(pillars), tags=[], **fields,
    )  # fmt: skip
    for coauthor in coauthors:
        credit = writing.credit_invite(item=item, member=coauthor, invited_by=author)
        writing.credit_accept(credit=credit, user=coauthor)
    return writing.item_submit(item=item, user=author)
