"""The manifesto's demo history for `make run` (demo/data/manifesto.toml): comments on the
founders' version 1, version 2 answering one of them, comments on v2, endorsements of both,
and a draft of v3 in progress.

Everything goes through the services, with emails off. Dates are set as the file gives them
(the services take `created_at` where a past date is possible; the publication of v2 is moved
back afterwards, as it would read had staff published it then). A second run adds nothing.
"""

from datetime import timedelta

from django.utils import timezone

from demo.load import read
from members.models import User
from pillars import services
from pillars.models import ManifestoComment, ManifestoVersion

DATA = read("manifesto")


def _people() -> dict[str, User]:
    return {user.email: user for user in User.objects.filter(deleted_at=None)}


def _publish_v2(staff: User, threads_by_id: dict) -> ManifestoVersion:
    spec = DATA["v2"]
    draft = services.draft_start(started_by=staff)
    for key, body in spec["changes"].items():
        section = draft.sections.get(key=key)
        services.section_save(
            draft=draft,
            key=key,
            title=section.title,
            statement=section.statement,
            body=body.strip(),
            edited_by=staff,
        )
    for added in spec["added"]:
        services.section_add(draft=draft, edited_by=staff, **added)
    version = services.draft_publish(
        draft=draft,
        published_by=staff,
        change_note=spec["note"].strip(),
        is_major=spec["major"],
        resolves=[threads_by_id[name].pk for name in spec["resolves"]],
        notify=False,
    )
    published = timezone.now() - timedelta(days=spec["days_ago"])
    ManifestoVersion.objects.filter(pk=version.pk).update(published_at=published)
    ManifestoComment.objects.filter(resolved_in=version).update(resolved_at=published)
    return version


def _comment(spec, *, version, section, people, parent=None) -> ManifestoComment:
    author = people[spec["author"]]
    comment = services.comment_create(
        version=version,
        section_key=section,
        author=author,
        body=spec["body"].strip(),
        parent=parent,
        notify=False,
        created_at=timezone.now() - timedelta(days=spec["days_ago"]),
    )
    state = spec.get("state")
    if state == "edited":
        services.comment_edit(comment=comment, user=author, body=spec["edited_body"].strip())
    elif state == "deleted":
        services.comment_delete(comment=comment, user=author)
    elif state == "hidden":
        services.comment_hide(comment=comment, hidden_by=people["staff@alliance.test"])
    elif state == "resolved":
        services.comment_resolve(thread=comment, user=author)
    return comment


def _threads(*, number, versions, people) -> dict[str, ManifestoComment]:
    made = {}
    for spec in DATA["threads"]:
        if spec["version"] != number:
            continue
        thread = _comment(spec, version=versions[number], section=spec["section"], people=people)
        for reply in spec.get("replies", []):
            _comment(
                reply,
                version=versions[number],
                section=spec["section"],
                people=people,
                parent=thread,
            )
        if "id" in spec:
            made[spec["id"]] = thread
    return made


def _endorse(*, versions, people) -> None:
    for label, endorsers in DATA["endorsements"].items():
        version = versions[int(label.removeprefix("v"))]
        for endorser in endorsers:
            services.endorsement_create(
                version=version,
                member=people[endorser["who"]],
                on_behalf_of_company=endorser.get("company", False),
            )


def _start_draft(people) -> None:
    staff = people[DATA["draft"]["by"]]
    draft = services.draft_start(started_by=staff)
    for key, body in DATA["draft"]["changes"].items():
        section = draft.sections.get(key=key)
        services.section_save(
            draft=draft,
            key=key,
            title=section.title,
            statement=section.statement,
            body=body.strip(),
            edited_by=staff,
        )


def load_demo_manifesto(*, staff: User) -> int:
    """The manifesto's history, once; returns the number of comments added."""
    if ManifestoVersion.objects.filter(number=2).exists() or ManifestoComment.objects.exists():
        return 0
    people = _people()
    versions = {1: ManifestoVersion.objects.get(number=1)}
    threads = _threads(number=1, versions=versions, people=people)
    versions[2] = _publish_v2(staff, threads)
    _threads(number=2, versions=versions, people=people)
    _endorse(versions=versions, people=people)
    _start_draft(people)
    return ManifestoComment.objects.count()


def demo_summary() -> str:
    published = ManifestoVersion.objects.filter(status=ManifestoVersion.Status.PUBLISHED).count()
    comments = ManifestoComment.objects.count()
    return f"{published} published versions, {comments} comments"
