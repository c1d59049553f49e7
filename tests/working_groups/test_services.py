import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import ApplicantFactory, MemberFactory, join, make_group, make_post
from working_groups import services
from working_groups.models import GroupMembership, Mention, Post, Reaction, Report, WorkingGroup

pytestmark = pytest.mark.django_db


def test_a_member_joins_an_open_group_at_once(member, group):
    membership = services.membership_join(group=group, user=member)
    assert membership.is_active
    group.refresh_from_db()
    assert group.member_count == 1


def test_joining_a_request_group_waits_for_a_lead(member):
    lead = MemberFactory()
    group = make_group(name="Stakeholders", join_policy="request", leads=[lead])
    membership = services.membership_join(group=group, user=member)
    assert membership.state == GroupMembership.State.REQUESTED
    services.membership_approve(membership=membership, decided_by=lead)
    membership.refresh_from_db()
    assert membership.is_active
    group.refresh_from_db()
    assert group.member_count == 2
    with pytest.raises(ValidationError):
        services.membership_approve(membership=membership, decided_by=lead)


def test_an_applicant_cannot_join_a_group(group):
    with pytest.raises(PermissionDenied):
        services.membership_join(group=group, user=ApplicantFactory())


def test_leaving_a_group_updates_the_count(in_group, group):
    services.membership_leave(group=group, user=in_group)
    group.refresh_from_db()
    assert group.member_count == 0
    assert not GroupMembership.objects.filter(user=in_group).exists()


def test_a_group_cannot_take_a_reserved_slug():
    with pytest.raises(ValidationError):
        services.group_save(group=WorkingGroup(name="Search", slug="search", purpose="x"))


def test_staff_choose_leads_and_can_change_them(group):
    first, second = MemberFactory(), MemberFactory()
    services.group_save(group=group, leads=[first])
    services.group_save(group=group, leads=[second])
    roles = dict(GroupMembership.objects.filter(group=group).values_list("user_id", "role"))
    assert roles == {first.pk: "member", second.pk: "lead"}


def test_a_post_stores_sanitized_html_tags_and_activity(in_group, group):
    post = make_post(
        group=group,
        author=in_group,
        title="Roadmap standards",
        body="Our **roadmap** template <script>alert(1)</script>",
        tags=["Roadmaps", "roadmaps", " Quarterly  Planning "],
    )
    assert "<strong>roadmap</strong>" in post.body_html
    assert "script" not in post.body_html
    assert sorted(post.tags.names()) == ["quarterly planning", "roadmaps"]
    group.refresh_from_db()
    assert group.post_count == 1
    assert group.last_activity_at == post.created_at
    assert Post.objects.filter(pk=post.pk, search_vector="roadmap").exists()


def test_only_members_of_the_group_post(member, group):
    with pytest.raises(PermissionDenied):
        make_post(group=group, author=member)


def test_an_empty_post_is_refused(in_group, group):
    with pytest.raises(ValidationError):
        make_post(group=group, author=in_group, body="   ")


def test_mentions_are_linked_and_recorded(in_group, group):
    ana = MemberFactory(name="Ana Lima")
    MemberFactory(name="Ana")
    post = make_post(group=group, author=in_group, body="Thanks @Ana Lima, and @nobody here.")
    assert f'href="/members/{ana.pk}/"' in post.body_html
    assert ">@Ana Lima</a>" in post.body_html
    assert list(Mention.objects.values_list("user_id", flat=True)) == [ana.pk]


def test_applicants_cannot_be_mentioned(in_group, group):
    ApplicantFactory(name="Pat Pending")
    make_post(group=group, author=in_group, body="Hello @Pat Pending")
    assert not Mention.objects.exists()


def test_editing_keeps_the_earlier_version(in_group, group):
    post = make_post(group=group, author=in_group, body="First draft")
    services.post_edit(post=post, editor=in_group, title="Better", body="Second draft", tags=[])
    post.refresh_from_db()
    assert post.edited_at is not None
    assert post.body_html == "<p>Second draft</p>"
    (revision,) = post.revisions.all()
    assert revision.body_markdown == "First draft"


def test_only_the_author_edits_or_deletes(in_group, group):
    other = MemberFactory()
    join(group, other)
    post = make_post(group=group, author=in_group)
    with pytest.raises(PermissionDenied):
        services.post_edit(post=post, editor=other, body="mine now")
    with pytest.raises(PermissionDenied):
        services.post_delete(post=post, user=other)


def test_deleting_a_post_is_soft(in_group, group):
    post = make_post(group=group, author=in_group)
    services.post_delete(post=post, user=in_group)
    post.refresh_from_db()
    assert post.deleted_at is not None
    group.refresh_from_db()
    assert group.post_count == 0


def test_a_reply_brings_its_post_back_up(in_group, group):
    other = join(group, MemberFactory())
    older = make_post(group=group, author=in_group, body="older")
    make_post(group=group, author=in_group, body="newer")
    reply = services.reply_create(post=older, author=other, body="Answer", notify=False)
    older.refresh_from_db()
    assert older.reply_count == 1
    assert older.last_activity_at == reply.created_at


def test_a_quote_reply_quotes_its_own_thread_only(in_group, group):
    post = make_post(group=group, author=in_group)
    elsewhere = make_post(group=group, author=in_group)
    foreign = services.reply_create(post=elsewhere, author=in_group, body="x", notify=False)
    with pytest.raises(ValidationError):
        services.reply_create(post=post, author=in_group, body="y", quoted=foreign, notify=False)
    first = services.reply_create(post=post, author=in_group, body="first", notify=False)
    second = services.reply_create(
        post=post, author=in_group, body="> first\n\nagreed", quoted=first, notify=False
    )
    assert second.quoted == first


def test_a_locked_thread_takes_no_reply(in_group, group, lead):
    post = make_post(group=group, author=in_group)
    services.post_lock(post=post, by=lead)
    with pytest.raises(ValidationError):
        services.reply_create(post=post, author=in_group, body="late", notify=False)


def test_reactions_toggle_one_of_each_kind(in_group, group):
    post = make_post(group=group, author=in_group)
    assert services.reaction_toggle(user=in_group, kind="agree", post=post) is True
    assert services.reaction_toggle(user=in_group, kind="thanks", post=post) is True
    assert Reaction.objects.count() == 2
    assert services.reaction_toggle(user=in_group, kind="agree", post=post) is False
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["thanks"]


def test_a_reaction_needs_a_known_kind_and_membership(in_group, group, member):
    post = make_post(group=group, author=in_group)
    with pytest.raises(ValidationError):
        services.reaction_toggle(user=in_group, kind="angry", post=post)
    outsider = MemberFactory()
    with pytest.raises(PermissionDenied):
        services.reaction_toggle(user=outsider, kind="agree", post=post)


def test_hiding_settles_reports_and_only_moderators_hide(in_group, group, lead):
    post = make_post(group=group, author=in_group)
    report = services.report_create(reporter=lead, reason="Vendor pitch", post=post)
    with pytest.raises(PermissionDenied):
        services.post_hide(post=post, by=in_group)
    services.post_hide(post=post, by=lead)
    report.refresh_from_db()
    assert report.resolution == "hidden"
    services.post_restore(post=post, by=lead)
    post.refresh_from_db()
    assert post.hidden_at is None


def test_hiding_a_reply_takes_it_out_of_the_count(in_group, group, lead):
    post = make_post(group=group, author=in_group)
    reply = services.reply_create(post=post, author=in_group, body="spam", notify=False)
    services.reply_hide(reply=reply, by=lead)
    post.refresh_from_db()
    assert post.reply_count == 0
    services.reply_restore(reply=reply, by=lead)
    post.refresh_from_db()
    assert post.reply_count == 1


def test_a_report_needs_a_reason(in_group, group, lead):
    post = make_post(group=group, author=in_group)
    with pytest.raises(ValidationError):
        services.report_create(reporter=lead, reason=" ", post=post)
    services.report_create(reporter=lead, reason="Off topic", post=post)
    assert Report.objects.get().group == group
