"""After a call: notes drafted by the leads or the note-taker, published once as a feed post
(published again: the same post edited), action items carried into later calls until closed,
attendance marked."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import MemberFactory, join, make_call
from working_groups.models import ActionItem, Attendance, Post, Rsvp
from working_groups.selectors.call_notes import call_notes_page, carried_over
from working_groups.services.call_notes import (
    ActionRow,
    action_item_close,
    call_note_taker_set,
    call_notes_publish,
    call_notes_save,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_call(group, lead):
    return make_call(group=group, starts_at=timezone.now() - timedelta(hours=2), title="Sync")


def _url(call):
    return reverse("working_groups:call_notes", args=[call.group.slug, call.pk])


def _post_data(action="save", notes="## Decisions\n\n- Ship the template", rows=(), attended=()):
    data = {
        "action": action,
        "notes": notes,
        "attended": [str(pk) for pk in attended],
        "actions-TOTAL_FORMS": str(len(rows)),
        "actions-INITIAL_FORMS": "0",
    }
    for n, (text, owner) in enumerate(rows):
        data[f"actions-{n}-text"] = text
        data[f"actions-{n}-owner"] = str(owner.pk) if owner else ""
    return data


def test_a_member_who_is_not_the_note_taker_is_refused(client, past_call, in_group):
    client.force_login(in_group)
    assert client.get(_url(past_call)).status_code == 403
    assert client.post(_url(past_call), _post_data()).status_code == 403
    with pytest.raises(PermissionDenied):
        call_notes_save(call=past_call, by=in_group, notes="x", action_items=[], attendee_ids=[])
    assert not Post.objects.exists()


def test_a_lead_names_the_note_taker_who_may_then_write(client, past_call, lead, in_group):
    client.force_login(lead)
    url = reverse("working_groups:call_note_taker", args=[past_call.group.slug, past_call.pk])
    client.post(url, {"note_taker": in_group.pk})
    past_call.refresh_from_db()
    assert past_call.note_taker == in_group
    client.force_login(in_group)
    page = client.get(_url(past_call))
    assert page.status_code == 200 and "Intake rituals" in page.content.decode()  # the agenda
    assert client.post(_url(past_call), _post_data()).status_code == 302
    past_call.refresh_from_db()
    assert "Ship the template" in past_call.notes_markdown


def test_a_member_cannot_name_a_note_taker_nor_name_an_outsider(client, past_call, lead, in_group):
    client.force_login(in_group)
    url = reverse("working_groups:call_note_taker", args=[past_call.group.slug, past_call.pk])
    assert client.post(url, {"note_taker": in_group.pk}).status_code == 403
    outsider = MemberFactory(name="Olga Outside")
    with pytest.raises(ValidationError):
        call_note_taker_set(call=past_call, by=lead, note_taker=outsider)


def test_a_draft_keeps_what_was_typed_when_a_row_is_wrong(client, past_call, lead):
    client.force_login(lead)
    outsider = MemberFactory(name="Olga Outside")
    data = _post_data(notes="Long careful notes", rows=[("Write it up", outsider)])
    page = client.post(_url(past_call), data)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Long careful notes" in text and "Write it up" in text
    past_call.refresh_from_db()
    assert past_call.notes_markdown == ""


def test_add_more_rows_re_renders_without_saving(client, past_call, lead):
    client.force_login(lead)
    page = client.post(_url(past_call), _post_data(action="more", rows=[("Draft RFC", lead)]))
    assert page.status_code == 200
    assert 'name="actions-3-text"' in page.content.decode()
    assert "Draft RFC" in page.content.decode() and not ActionItem.objects.exists()


def test_notes_wait_for_the_call_to_start(group, lead):
    call = make_call(group=group)  # tomorrow
    with pytest.raises(ValidationError):
        call_notes_save(call=call, by=lead, notes="x", action_items=[], attendee_ids=[])


def test_publish_creates_one_post_and_publishing_again_edits_it(client, past_call, lead, in_group):
    client.force_login(lead)
    rows = [("Draft the intake form", in_group)]
    response = client.post(_url(past_call), _post_data("publish", rows=rows, attended=[lead.pk]))
    past_call.refresh_from_db()
    post = past_call.notes_post
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == post.get_absolute_url()
    assert post.author == lead and post.group == past_call.group
    assert post.title.startswith("Notes: Sync, ")
    assert "Ship the template" in post.body_markdown
    assert "Draft the intake form" in post.body_html and in_group.name in post.body_html
    assert past_call.get_absolute_url() in post.body_html  # back to the call
    item = ActionItem.objects.get()
    data = _post_data("publish", notes="Revised decisions", attended=[lead.pk])
    data.update({"actions-TOTAL_FORMS": "1", "actions-0-id": str(item.pk),
                 "actions-0-text": item.text, "actions-0-owner": str(in_group.pk)})  # fmt: skip
    client.post(_url(past_call), data)
    assert Post.objects.count() == 1
    post.refresh_from_db()
    assert "Revised decisions" in post.body_markdown and post.edited_at is not None
    assert ActionItem.objects.count() == 1


def test_attendance_is_saved_and_going_is_ticked_first(client, past_call, lead, in_group):
    Rsvp.objects.create(call=past_call, user=in_group, answer=Rsvp.Answer.GOING)
    client.force_login(lead)
    page = client.get(_url(past_call)).content.decode()
    # The member who said Going is ticked; the lead, who did not answer, is not.
    assert re.search(rf'name="attended" value="{in_group.pk}"[^>]*checked', page)
    assert not re.search(rf'name="attended" value="{lead.pk}"[^>]*checked', page)
    call_notes_save(
        call=past_call, by=lead, notes="n", action_items=[], attendee_ids=[in_group.pk, lead.pk]
    )
    assert set(Attendance.objects.values_list("user_id", flat=True)) == {in_group.pk, lead.pk}
    call_notes_save(call=past_call, by=lead, notes="n", action_items=[], attendee_ids=[lead.pk])
    assert list(Attendance.objects.values_list("user_id", flat=True)) == [lead.pk]


def test_open_action_items_are_carried_into_later_calls_until_closed(client, group, lead, in_group):
    first = make_call(group=group, starts_at=timezone.now() - timedelta(days=7), title="W1")
    call_notes_save(
        call=first, by=lead, notes="n", attendee_ids=[],
        action_items=[ActionRow("Audit tools", in_group.pk), ActionRow("Book room", None)],
    )  # fmt: skip
    audit, book = ActionItem.objects.order_by("text")
    action_item_close(item=book, by=lead)
    later = make_call(group=group, starts_at=timezone.now() + timedelta(days=1), title="W2")
    assert [i.text for i in carried_over(call=later)] == ["Audit tools"]
    client.force_login(in_group)
    page = client.get(later.get_absolute_url()).content.decode()
    assert "Audit tools" in page and "Book room" not in page
    # The owner closes it from the next call's page.
    url = reverse("working_groups:call_action_close", args=[group.slug, later.pk, audit.pk])
    assert client.post(url).status_code == 302
    assert carried_over(call=later) == []


def test_a_member_who_does_not_own_an_item_cannot_close_it(client, group, lead, in_group):
    call = make_call(group=group, starts_at=timezone.now() - timedelta(days=7))
    call_notes_save(call=call, by=lead, notes="n", attendee_ids=[],
                    action_items=[ActionRow("Audit tools", lead.pk)])  # fmt: skip
    item = ActionItem.objects.get()
    client.force_login(in_group)
    url = reverse("working_groups:call_action_close", args=[group.slug, call.pk, item.pk])
    assert client.post(url).status_code == 403
    with pytest.raises(PermissionDenied):
        action_item_close(item=item, by=in_group)


def test_a_stale_item_id_of_another_call_is_refused(group, lead):
    one = make_call(group=group, starts_at=timezone.now() - timedelta(days=7))
    two = make_call(group=group, starts_at=timezone.now() - timedelta(days=1))
    call_notes_save(call=one, by=lead, notes="n", attendee_ids=[],
                    action_items=[ActionRow("Audit tools", None)])  # fmt: skip
    other = ActionItem.objects.get()
    with pytest.raises(ValidationError):
        call_notes_save(call=two, by=lead, notes="n", attendee_ids=[],
                        action_items=[ActionRow("Hijack", None, other.pk)])  # fmt: skip
    other.refresh_from_db()
    assert other.text == "Audit tools"


def _fill(call, lead, people, n):
    for person in people:
        join(call.group, person)
        Rsvp.objects.create(call=call, user=person, answer=Rsvp.Answer.GOING)
    earlier = make_call(group=call.group, starts_at=call.starts_at - timedelta(days=7))
    call_notes_save(
        call=earlier, by=lead, notes="n", attendee_ids=[],
        action_items=[ActionRow(f"Item {k}", people[k % len(people)].pk) for k in range(n)],
    )  # fmt: skip
    call_notes_save(
        call=call, by=lead, notes="n", attendee_ids=[p.pk for p in people],
        action_items=[ActionRow(f"Own {k}", people[0].pk) for k in range(n)],
    )  # fmt: skip


def test_the_notes_page_takes_the_same_queries_however_many_rows(
    client, group, lead, django_assert_num_queries
):
    few = make_call(group=group, starts_at=timezone.now() - timedelta(hours=1))
    _fill(few, lead, [MemberFactory(name="Ana One")], 1)
    client.force_login(lead)
    client.get(_url(few))  # warm the session and the site's caches
    # Session, user, call with group and series, membership; the page's five (members, items,
    # attendance, Going, carried over); the bell's count.
    with django_assert_num_queries(9):
        assert client.get(_url(few)).status_code == 200
    many = make_call(group=group, starts_at=timezone.now() - timedelta(minutes=30))
    _fill(many, lead, [MemberFactory(name=f"Bo {k}") for k in range(8)], 12)
    with django_assert_num_queries(9):
        assert client.get(_url(many)).status_code == 200
    assert len(call_notes_page(call=many).items) == 12


def test_the_note_taker_publishing_again_edits_the_leads_post(past_call, lead, in_group):
    with pytest.raises(ValidationError):
        call_notes_publish(call=past_call, by=lead)  # nothing written yet
    call_notes_save(call=past_call, by=lead, notes="First", action_items=[], attendee_ids=[])
    post = call_notes_publish(call=past_call, by=lead)
    call_note_taker_set(call=past_call, by=lead, note_taker=in_group)
    past_call.refresh_from_db()
    call_notes_save(call=past_call, by=in_group, notes="Second", action_items=[], attendee_ids=[])
    again = call_notes_publish(call=past_call, by=in_group)
    assert again.pk == post.pk and again.author == lead and "Second" in again.body_markdown
    assert Post.objects.filter(group=past_call.group).count() == 1
