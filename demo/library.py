"""The library's demo content for `make run` (demo/data/library.toml): articles and curated
links by demo members, in every state of the review workflow, some of them featured.

Everything goes through the services, with emails off, as members and staff would have done
it; the dates of what was published are then moved back to when the file says it happened.
A second run adds nothing.
"""

from datetime import timedelta

from django.utils import timezone

from demo.load import read
from library.models import Item
from library.services import reviewing, writing
from members.models import User

DATA = read("library")


def _draft(spec, *, kind, people) -> Item:
    if kind == Item.Kind.ARTICLE:
        author, *coauthors = (people[email] for email in spec["authors"])
        fields = {"body": spec["body"].strip()}
    else:
        author, coauthors = people[spec["curator"]], []
        fields = {
            "url": spec["url"],
            "original_author": spec["original_author"],
            "curator_note": spec["why"].strip(),
            "quote": spec.get("quote", ""),
        }
    item = writing.item_create(
        kind=kind,
        created_by=author,
        title=spec["title"],
        summary=spec["summary"],
        pillars=spec["pillars"],
        tags=spec["tags"],
        **fields,
    )
    pending = set(spec.get("pending", []))
    for coauthor in coauthors:
        credit = writing.credit_invite(item=item, member=coauthor, invited_by=author, notify=False)
        if coauthor.email not in pending:
            writing.credit_accept(credit=credit, user=coauthor)
    return item


def _review(item: Item, spec, *, staff: User) -> None:
    """Take the item as far through the workflow as the file says it went."""
    state = spec["state"]
    if state == "draft":
        return
    writing.item_submit(item=item, user=item.created_by)
    if state == "in_review":
        return
    note = spec.get("review_note", "")
    if state == "changes_requested":
        reviewing.item_request_changes(item=item, reviewer=staff, note=note, notify=False)
    elif state == "declined":
        reviewing.item_decline(item=item, reviewer=staff, note=note, notify=False)
    else:
        reviewing.item_publish(item=item, reviewer=staff, notify=False)
        when = timezone.now() - timedelta(days=spec["days_ago"])
        Item.objects.filter(pk=item.pk).update(
            created_at=when - timedelta(days=3), edited_at=when, published_at=when
        )
        if state == "withdrawn":
            reviewing.item_withdraw(item=item, user=staff, note=note)
        elif "featured" in spec:
            reviewing.item_feature(item=item, reviewer=staff, order=spec["featured"])


def load_demo_library(*, staff: User) -> int:
    """The library's items, once; returns how many were added."""
    if Item.objects.exists():
        return 0
    people = {user.email: user for user in User.objects.filter(deleted_at=None)}
    added = 0
    for kind, specs in ((Item.Kind.ARTICLE, DATA["articles"]), (Item.Kind.LINK, DATA["links"])):
        for spec in specs:
            _review(_draft(spec, kind=kind, people=people), spec, staff=staff)
            added += 1
    return added


def demo_summary() -> str:
    published = Item.objects.filter(status=Item.Status.PUBLISHED)
    return (
        f"{published.filter(kind=Item.Kind.ARTICLE).count()} articles and "
        f"{published.filter(kind=Item.Kind.LINK).count()} curated links published, "
        f"{Item.objects.exclude(status=Item.Status.PUBLISHED).count()} in other states"
    )
