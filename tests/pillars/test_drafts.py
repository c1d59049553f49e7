"""Staff edit the next version on the site: start a draft, edit its sections with a preview,
add and remove sections, see the diff, publish or discard it; a published version never
changes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pillars import services
from pillars.models import EndorsementRequest, ManifestoComment, ManifestoVersion
from tests.factories import MemberFactory, StaffFactory
from tests.pillars.conftest import publish

pytestmark = pytest.mark.django_db

NEW_INSIGHT = "Product Ops curates **trusted** data and research for every team."


@pytest.fixture
def draft(staff, v1):
    return services.draft_start(started_by=staff)


def _html(response):
    return response.content.decode()


def _section_data(draft, key, **changes):
    section = draft.sections.get(key=key)
    data = {
        "title": section.title,
        "statement": section.statement,
        "body": section.body_markdown,
        "order": section.order,
    }
    return {**data, **changes}


def _thread(version, key="insight", body="Insight should name research.", author=None):
    return services.comment_create(
        version=version,
        section_key=key,
        author=author or MemberFactory(),
        body=body,
        notify=False,
    )


# --- Who may edit -----------------------------------------------------------------------------

PAGES = [
    ("get", "pillars:draft", []),
    ("post", "pillars:draft_start", []),
    ("get", "pillars:draft_section", ["insight"]),
    ("post", "pillars:draft_section", ["insight"]),
    ("get", "pillars:draft_section_add", []),
    ("post", "pillars:draft_section_add", []),
    ("post", "pillars:draft_section_remove", ["insight"]),
    ("post", "pillars:draft_publish", []),
    ("post", "pillars:draft_discard", []),
]


@pytest.mark.parametrize(("method", "name", "args"), PAGES)
def test_a_visitor_is_sent_to_log_in(client, draft, method, name, args):
    url = reverse(name, args=args)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(("method", "name", "args"), PAGES)
@pytest.mark.parametrize("who", ["applicant_client", "member_client"])
def test_applicants_and_members_are_refused(request, draft, who, method, name, args):
    client = request.getfixturevalue(who)
    response = getattr(client, method)(reverse(name, args=args), {"title": "Hacked", "body": "x"})
    assert response.status_code == 403
    assert ManifestoVersion.objects.filter(status="draft").count() == 1
    assert draft.sections.get(key="insight").title == "Insight"


def test_a_post_only_address_refuses_a_get(staff_client, draft):
    assert staff_client.get(reverse("pillars:draft_publish")).status_code == 405
    assert staff_client.get(reverse("pillars:draft_discard")).status_code == 405


# --- Starting -------------------------------------------------------------------------------


def test_without_a_draft_staff_are_offered_to_start_one(staff_client, v1):
    page = _html(staff_client.get(reverse("pillars:draft")))
    assert "There is no draft at the moment" in page
    assert f'action="{reverse("pillars:draft_start")}"' in page
    assert "Start a draft from v1" in page


def test_staff_start_a_draft_as_a_copy_of_the_latest_version(staff_client, staff, v1):
    response = staff_client.post(reverse("pillars:draft_start"), follow=True)
    draft = ManifestoVersion.objects.get(status="draft")
    assert draft.based_on == v1 and draft.created_by == staff
    assert draft.sections.count() == v1.sections.count()
    assert "Your draft starts as a copy of v1." in _html(response)


def test_starting_again_opens_the_same_draft(staff_client, draft):
    response = staff_client.post(reverse("pillars:draft_start"), follow=True)
    assert ManifestoVersion.objects.filter(status="draft").get() == draft
    assert "A draft is already open" in _html(response)


# --- The draft page -------------------------------------------------------------------------


def test_the_draft_page_lists_sections_marked_against_the_version_it_started_from(
    staff_client, staff, draft
):
    services.section_save(edited_by=staff, draft=draft, key="insight", **_as_kwargs(draft))
    services.section_add(draft=draft, key="closing", title="Closing words", edited_by=staff)
    services.section_remove(draft=draft, key="tools", edited_by=staff)
    page = _html(staff_client.get(reverse("pillars:draft")))
    assert f'href="{reverse("pillars:draft_section", args=["insight"])}"' in page
    assert page.count(">Changed<") == 2  # in the list, and in the diff
    assert ">Unchanged<" in page and ">New<" in page and ">Taken out<" in page
    assert f'href="{reverse("pillars:draft_section_add")}"' in page
    # The diff against the latest published version, unchanged sections left out.
    assert "What publishing would change since v1" in page
    assert "1 section changed, 1 added, 1 removed, 4 unchanged." in page
    assert "inserted: </span>" in page and 'id="changes-insight"' in page
    assert 'id="changes-people"' not in page
    # The definition opens every version: no Remove button for it.
    assert reverse("pillars:draft_section_remove", args=["definition"]) not in page
    assert 'data-confirm="Discard the draft and every change in it?"' in page


def _as_kwargs(draft, body=NEW_INSIGHT):
    section = draft.sections.get(key="insight")
    return {"title": section.title, "statement": section.statement, "body": body}


def test_the_publish_form_lists_the_open_threads_on_published_versions(staff_client, draft, v1):
    open_thread = _thread(v1, body="Name the research teams.")
    resolved = _thread(v1, body="Already answered.")
    ManifestoComment.objects.filter(pk=resolved.pk).update(resolved_at=v1.published_at)
    deleted = _thread(v1, body="Deleted thread.")
    services.comment_delete(comment=deleted, user=deleted.author)
    reply = services.comment_create(
        version=v1,
        section_key="insight",
        author=MemberFactory(),
        body="A reply.",
        parent=open_thread,
        notify=False,
    )
    page = _html(staff_client.get(reverse("pillars:draft")))
    assert f'value="{open_thread.pk}"' in page
    assert "on “Insight” (v1): Name the research teams." in page
    for other in (resolved, deleted, reply):
        assert f'value="{other.pk}"' not in page


def test_a_draft_unchanged_since_its_version_says_so(staff_client, draft):
    page = _html(staff_client.get(reverse("pillars:draft")))
    assert "The draft reads exactly like v1" in page
    assert "No thread is open on the published versions." in page


# --- Editing a section ----------------------------------------------------------------------


def test_the_edit_page_shows_the_sections_text(staff_client, draft):
    page = _html(staff_client.get(reverse("pillars:draft_section", args=["insight"])))
    assert "Edit “Insight”" in page
    assert draft.sections.get(key="insight").body_markdown in page
    assert 'name="preview"' in page and 'name="save"' in page


def test_preview_renders_the_text_and_saves_nothing(staff_client, draft):
    url = reverse("pillars:draft_section", args=["insight"])
    data = _section_data(draft, "insight", body=NEW_INSIGHT, preview="1")
    response = staff_client.post(url, data)
    page = _html(response)
    assert response.status_code == 200
    assert "<strong>trusted</strong>" in page  # the preview, rendered
    assert "**trusted**" in page  # the text as typed, still in the box
    assert "not saved yet" in page
    assert draft.sections.get(key="insight").body_markdown != NEW_INSIGHT


def test_the_preview_is_sanitized(staff_client, draft):
    url = reverse("pillars:draft_section", args=["insight"])
    body = "<script>alert(1)</script> [x](javascript:alert(1))"
    page = _html(staff_client.post(url, _section_data(draft, "insight", body=body, preview="1")))
    assert "<script>alert(1)</script>" not in page
    assert 'href="javascript' not in page


def test_save_keeps_the_text_and_returns_to_the_draft(staff_client, draft):
    url = reverse("pillars:draft_section", args=["insight"])
    data = _section_data(draft, "insight", body=NEW_INSIGHT, order=9, save="1")
    response = staff_client.post(url, data)
    assert response.status_code == 302 and response.url == reverse("pillars:draft")
    section = draft.sections.get(key="insight")
    assert section.body_markdown == NEW_INSIGHT and section.order == 9
    assert "<strong>trusted</strong>" in section.body_html
    page = _html(staff_client.get(response.url))
    assert "“Insight” is saved in the draft." in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Give the section a title."),
        ({"title": "   "}, "title", "Give the section a title."),
        ({"statement": "s" * 401}, "statement", "Keep the statement to one or two sentences"),
        ({"body": "b" * 20_001}, "body", "Keep the text under 20,000 characters."),
        ({"order": "third"}, "order", "Give the place as a whole number"),
        ({"order": "-1"}, "order", "greater than or equal to 0"),
        ({"order": "99999"}, "order", "less than or equal to 32767"),
    ],
)
def test_a_mistake_is_shown_at_its_field_and_nothing_typed_is_lost(
    staff_client, draft, changes, field, message
):
    url = reverse("pillars:draft_section", args=["insight"])
    data = _section_data(draft, "insight", **{"body": "My careful rewrite.", **changes})
    response = staff_client.post(url, {**data, "save": "1"})
    page = _html(response)
    assert response.status_code == 400
    assert message in page
    assert 'aria-invalid="true"' in page and f'id="id_{field}_error"' in page
    assert changes.get("body", "My careful rewrite.") in page
    assert draft.sections.get(key="insight").body_markdown != "My careful rewrite."


def test_an_unknown_section_or_no_draft_is_not_found(staff_client, draft, staff):
    assert staff_client.get(reverse("pillars:draft_section", args=["nope"])).status_code == 404
    services.draft_discard(draft=draft, discarded_by=staff)
    assert staff_client.get(reverse("pillars:draft_section", args=["insight"])).status_code == 404


def test_saving_after_the_draft_was_published_keeps_the_text(staff_client, draft, staff):
    data = _section_data(draft, "insight", body="Typed while someone published.", save="1")
    publish(by=staff, changes={"people": "Published meanwhile."})
    response = staff_client.post(reverse("pillars:draft_section", args=["insight"]), data)
    page = _html(response)
    assert response.status_code == 400
    assert "The draft was published or discarded while you were writing" in page
    assert "Typed while someone published." in page


# --- Adding and removing sections -----------------------------------------------------------


def test_staff_add_a_section_with_a_new_key(staff_client, draft):
    data = {"key": "closing", "title": "Closing words", "statement": "", "body": "Join us."}
    response = staff_client.post(reverse("pillars:draft_section_add"), {**data, "save": "1"})
    assert response.status_code == 302
    section = draft.sections.get(key="closing")
    assert section.title == "Closing words"
    assert section == draft.sections.order_by("order").last()  # at the end


def test_the_add_page_opens_and_previews(staff_client, draft):
    url = reverse("pillars:draft_section_add")
    assert "Add a section to the draft" in _html(staff_client.get(url))
    data = {"key": "x1", "title": "T", "body": "_soft_", "preview": "1"}
    page = _html(staff_client.post(url, data))
    assert "<em>soft</em>" in page and not draft.sections.filter(key="x1").exists()


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("Not A Key", "Use 2 to 40 lower-case letters"),
        ("insight", "already has a section with that key"),
        ("endorse", "names a page of the manifesto"),
        ("", "Give the section a key."),
    ],
)
def test_a_bad_key_is_refused_at_its_field_with_the_text_kept(staff_client, draft, key, message):
    data = {"key": key, "title": "Closing words", "body": "Kept text.", "save": "1"}
    response = staff_client.post(reverse("pillars:draft_section_add"), data)
    page = _html(response)
    assert response.status_code == 400
    assert message in page and 'id="id_key_error"' in page
    assert "Kept text." in page and "Closing words" in page


def test_adding_without_a_draft_sends_to_the_draft_page(staff_client, v1):
    response = staff_client.get(reverse("pillars:draft_section_add"))
    assert response.status_code == 302 and response.url == reverse("pillars:draft")


def test_staff_remove_a_section_but_never_the_definition(staff_client, draft):
    response = staff_client.post(reverse("pillars:draft_section_remove", args=["tools"]))
    assert response.status_code == 302
    assert not draft.sections.filter(key="tools").exists()
    response = staff_client.post(
        reverse("pillars:draft_section_remove", args=["definition"]), follow=True
    )
    assert "The definition opens every version" in _html(response)
    assert draft.sections.filter(key="definition").exists()
    gone = staff_client.post(reverse("pillars:draft_section_remove", args=["tools"]))
    assert gone.status_code == 404


# --- Publishing and discarding --------------------------------------------------------------


def test_staff_publish_the_draft_and_land_on_the_new_version(staff_client, staff, draft, v1):
    services.section_save(edited_by=staff, draft=draft, key="insight", **_as_kwargs(draft))
    thread = _thread(v1)
    data = {"change_note": "Insight names trusted data.", "kind": "major", "resolves": [thread.pk]}
    response = staff_client.post(reverse("pillars:draft_publish"), data)
    assert response.status_code == 302 and response.url == reverse("pillars:version", args=[2])
    version = ManifestoVersion.objects.get(number=2)
    assert version.is_major and version.change_note == "Insight names trusted data."
    thread.refresh_from_db()
    assert thread.resolved_in == version
    assert "Version 2 is published." in _html(staff_client.get(response.url))


def test_a_major_version_asks_past_endorsers_again(staff_client, staff, draft, v1):
    endorser = MemberFactory()
    services.endorsement_create(version=v1, member=endorser)
    services.section_save(edited_by=staff, draft=draft, key="insight", **_as_kwargs(draft))
    data = {"change_note": "Rewritten.", "kind": "major"}
    staff_client.post(reverse("pillars:draft_publish"), data)
    assert EndorsementRequest.objects.filter(member=endorser, version__number=2).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"change_note": "", "kind": "minor"}, "change_note", "Say what changed and why"),
        ({"change_note": "   ", "kind": "minor"}, "change_note", "Say what changed and why"),
        ({"change_note": "Kept note.", "kind": ""}, "kind", "major or a minor change"),
        ({"change_note": "Kept note.", "kind": "huge"}, "kind", "Select a valid choice"),
        (
            {"change_note": "Kept note.", "kind": "minor", "resolves": ["999999"]},
            "resolves",
            "resolved or deleted meanwhile",
        ),
        ({"change_note": "n" * 2001, "kind": "minor"}, "change_note", "under 2,000 characters"),
    ],
)
def test_a_publish_mistake_comes_back_on_the_draft_page_with_the_note(
    staff_client, staff, draft, data, field, message
):
    services.section_save(edited_by=staff, draft=draft, key="insight", **_as_kwargs(draft))
    response = staff_client.post(reverse("pillars:draft_publish"), data)
    page = _html(response)
    assert response.status_code == 400
    assert message in page and f'id="id_{field}_error"' in page
    if data["change_note"].strip():
        assert data["change_note"][:50] in page
    assert ManifestoVersion.objects.filter(number=2).count() == 0


def test_publishing_an_unchanged_draft_is_refused_with_the_note_kept(staff_client, draft):
    data = {"change_note": "Nothing really.", "kind": "minor"}
    page = _html(staff_client.post(reverse("pillars:draft_publish"), data))
    assert "Nothing has changed since v1." in page and "Nothing really." in page
    assert not ManifestoVersion.objects.filter(number=2).exists()


def test_publishing_or_discarding_without_a_draft_sends_to_the_draft_page(staff_client, v1):
    for name in ("pillars:draft_publish", "pillars:draft_discard"):
        response = staff_client.post(reverse(name), {"change_note": "x", "kind": "minor"})
        assert response.status_code == 302 and response.url == reverse("pillars:draft")


def test_staff_discard_the_draft(staff_client, draft, v1):
    response = staff_client.post(reverse("pillars:draft_discard"), follow=True)
    assert not ManifestoVersion.objects.filter(status="draft").exists()
    assert ManifestoVersion.objects.filter(pk=v1.pk).exists()
    assert "The draft is discarded." in _html(response)


# --- A published version never changes (the services) ---------------------------------------


def test_a_section_of_a_published_version_cannot_be_saved(staff, v1):
    before = v1.sections.get(key="insight").body_markdown
    with pytest.raises(ValidationError, match="A published version never changes"):
        services.section_save(
            draft=v1, key="insight", title="Insight", statement="", body="Changed!", edited_by=staff
        )
    for call in (
        lambda: services.section_add(draft=v1, key="new", title="New", edited_by=staff),
        lambda: services.section_remove(draft=v1, key="tools", edited_by=staff),
        lambda: services.draft_discard(draft=v1, discarded_by=staff),
    ):
        with pytest.raises(ValidationError):
            call()
    assert v1.sections.get(key="insight").body_markdown == before
    assert v1.sections.filter(key="tools").exists() and not v1.sections.filter(key="new").exists()


def test_a_stale_draft_published_meanwhile_cannot_be_changed(staff, draft):
    stale = ManifestoVersion.objects.get(pk=draft.pk)  # read before another publishes it
    services.section_save(edited_by=staff, draft=draft, key="insight", **_as_kwargs(draft))
    v2 = services.draft_publish(draft=draft, published_by=staff, change_note="x", is_major=False)
    assert stale.status == "draft"
    with pytest.raises(ValidationError, match="A published version never changes"):
        services.section_save(edited_by=staff, draft=stale, key="insight", **_as_kwargs(stale, "!"))
    with pytest.raises(ValidationError):
        services.draft_publish(draft=stale, published_by=staff, change_note="y", is_major=True)
    with pytest.raises(ValidationError):
        services.draft_discard(draft=stale, discarded_by=staff)
    v2.refresh_from_db()
    assert v2.number == 2 and v2.change_note == "x" and not v2.is_major
    assert v2.sections.get(key="insight").body_markdown == NEW_INSIGHT


def test_only_staff_edit_through_the_services(member, draft):
    with pytest.raises(PermissionDenied):
        services.section_save(edited_by=member, draft=draft, key="insight", **_as_kwargs(draft))


def test_a_place_out_of_range_is_refused_by_the_service(staff, draft):
    with pytest.raises(ValidationError) as error:
        services.section_save(
            edited_by=staff, draft=draft, key="insight", order=-1, **_as_kwargs(draft)
        )
    assert "order" in error.value.message_dict


def test_saving_a_section_taken_out_meanwhile_is_refused(staff, draft):
    services.section_remove(draft=draft, key="tools", edited_by=staff)
    with pytest.raises(ValidationError, match="taken out of the draft"):
        services.section_save(
            edited_by=staff, draft=draft, key="tools", title="Tools", statement="", body=""
        )


# --- Query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("many", [False, True])
def test_the_draft_page_costs_the_same_queries_with_few_or_many_sections_and_threads(
    staff_client, staff, v1, django_assert_num_queries, many
):
    if many:
        v2 = publish(by=staff, added=[(f"extra-{n}", f"Extra {n}", "", "Text.") for n in range(20)])
        for n in range(25):
            _thread(v1 if n % 2 else v2, key="insight", body=f"Thread {n}")
    draft = services.draft_start(started_by=staff)
    services.section_save(edited_by=staff, draft=draft, key="insight", **_as_kwargs(draft))
    staff_client.get(reverse("pillars:draft"))  # the session, warmed
    # 1. the user (the session is in the cache), 2. the draft (with its base and author), 3. the
    # latest published version, 4. the sections of the draft and its base, 5. the open threads
    # (with their authors and versions), 6. the header's count of library items awaiting staff,
    # 7. the bell's unread count.
    with django_assert_num_queries(7):
        response = staff_client.get(reverse("pillars:draft"))
    assert response.status_code == 200
    assert _html(response).count('name="resolves"') == (25 if many else 0)


def test_a_published_thread_on_the_draft_page_is_labelled_with_its_section(staff_client, v1):
    StaffFactory()
    _thread(v1, key="people", body="More on hiring.")
    services.draft_start(started_by=StaffFactory())
    page = _html(staff_client.get(reverse("pillars:draft")))
    assert "on “People” (v1): More on hiring." in page
