"""Endorsing a version: the services, the summary a version's page shows, the endorse and
withdraw buttons, and the public list of a version's endorsers with its privacy rule."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from members import services as member_services
from pillars import services
from pillars.models import Endorsement
from pillars.selectors.endorsements import endorsement_summary, endorsers_page
from tests.factories import ApplicantFactory, MemberFactory, StaffFactory
from tests.pillars.conftest import publish

pytestmark = pytest.mark.django_db


def endorse(version, *members, company=False):
    for member in members:
        services.endorsement_create(version=version, member=member, on_behalf_of_company=company)


def many_members(count, **fields):
    return [MemberFactory(name=f"Endorser {n:03}", **fields) for n in range(count)]


# The services


def test_a_member_endorses_a_version_once_and_again_only_changes_the_company_flag(v1, member):
    first = services.endorsement_create(version=v1, member=member)
    assert first.on_behalf_of == ""
    again = services.endorsement_create(version=v1, member=member, on_behalf_of_company=True)
    assert again.pk == first.pk
    assert again.on_behalf_of == "Northwind Labs"
    assert Endorsement.objects.get().on_behalf_of == "Northwind Labs"
    services.endorsement_create(version=v1, member=member)
    assert Endorsement.objects.get().on_behalf_of == ""


def test_on_behalf_of_a_company_keeps_the_company_name_of_that_day(v1):
    member = MemberFactory(company="Contoso")
    endorsement = services.endorsement_create(version=v1, member=member, on_behalf_of_company=True)
    member_services.profile_save(user=member, name=member.name, company="Fabrikam")
    endorsement.refresh_from_db()
    assert endorsement.on_behalf_of == "Contoso"


def test_on_behalf_of_no_company_is_refused_with_a_clear_message(v1):
    staff_without_profile = StaffFactory()
    with pytest.raises(ValidationError) as caught:
        services.endorsement_create(
            version=v1, member=staff_without_profile, on_behalf_of_company=True
        )
    assert "on_behalf_of_company" in caught.value.message_dict
    assert "names no company" in caught.value.messages[0]
    assert not Endorsement.objects.exists()
    # In their own name, staff may endorse.
    services.endorsement_create(version=v1, member=staff_without_profile)


def test_visitors_and_applicants_cannot_endorse(v1):
    for person in (AnonymousUser(), ApplicantFactory()):
        with pytest.raises(PermissionDenied):
            services.endorsement_create(version=v1, member=person)
    assert not Endorsement.objects.exists()


def test_a_draft_cannot_be_endorsed(v1, member, staff):
    draft = services.draft_start(started_by=staff)
    with pytest.raises(ValidationError):
        services.endorsement_create(version=draft, member=member)


def test_withdrawing_removes_only_that_version_and_is_harmless_twice(v1, member):
    v2 = publish(changes={"insight": "New."}, major=True)
    endorse(v1, member)
    endorse(v2, member)
    services.endorsement_withdraw(version=v2, member=member)
    services.endorsement_withdraw(version=v2, member=member)
    assert list(Endorsement.objects.values_list("version__number", flat=True)) == [1]


# The summary on a version's page


def test_the_summary_counts_everyone_and_names_only_those_in_the_directory(v1):
    named = MemberFactory(name="Amara Okafor", company="Contoso")
    private = MemberFactory(name="Quiet Quentin", show_in_directory=False)
    gone = MemberFactory(name="Gone Gabriel")
    endorse(v1, named, company=True)
    endorse(v1, private, gone)
    member_services.account_delete(user=gone)

    summary = endorsement_summary(version=v1, viewer=AnonymousUser())
    assert summary.count == 3
    assert [(e.name, e.on_behalf_of) for e in summary.named] == [("Amara Okafor", "Contoso")]
    assert summary.private_count == 2
    assert summary.mine is None


def test_the_summary_names_the_first_24_by_date_and_counts_the_rest(v1):
    members = many_members(30)
    endorse(v1, *members)
    summary = endorsement_summary(version=v1, viewer=AnonymousUser())
    assert [e.name for e in summary.named] == [m.name for m in members[:24]]
    assert summary.more_named == 6
    assert summary.private_count == 0


def test_the_summary_knows_the_viewers_endorsements_of_this_and_other_versions(v1, member):
    v2 = publish(changes={"insight": "New."}, major=True)
    v3 = publish(changes={"insight": "Newer."}, major=False)
    endorse(v1, member)
    mine = endorsement_summary(version=v1, viewer=member)
    assert mine.mine is not None and mine.endorsed_earlier is None
    assert mine.viewer_company == "Northwind Labs"

    on_v3 = endorsement_summary(version=v3, viewer=member)
    assert on_v3.mine is None and on_v3.endorsed_earlier.version == v1

    endorse(v2, member)
    assert endorsement_summary(version=v3, viewer=member).endorsed_earlier.version == v2
    on_v1 = endorsement_summary(version=v1, viewer=member)
    assert on_v1.endorsed_later.version == v2 and on_v1.endorsed_earlier is None


def test_a_major_version_counts_past_endorsers_who_have_not_endorsed_it_yet(v1):
    back, pending, gone = MemberFactory(), MemberFactory(), MemberFactory()
    endorse(v1, back, pending, gone)
    member_services.account_delete(user=gone)  # can never come back: not counted
    v2 = publish(changes={"insight": "New."}, major=True)
    endorse(v2, back)
    assert endorsement_summary(version=v2, viewer=AnonymousUser()).not_yet_reendorsed == 1
    v3 = publish(changes={"insight": "Minor."}, major=False)
    assert endorsement_summary(version=v3, viewer=AnonymousUser()).not_yet_reendorsed is None


@pytest.mark.parametrize("endorsers", [10, 200])
def test_the_summary_costs_the_same_queries_however_many_endorsed(
    v1, django_assert_num_queries, endorsers
):
    member = MemberFactory()
    people = many_members(endorsers // 2) + many_members(
        endorsers - endorsers // 2, show_in_directory=False
    )
    endorse(v1, *people)
    v2 = publish(changes={"insight": "New."}, major=True)
    endorse(v2, *people[::3])
    endorse(v1, member)
    member = type(member).objects.select_related("profile").get(pk=member.pk)
    # The figures (count, named, past endorsers not back), the first 24 named endorsers, and
    # the viewer's own endorsements.
    with django_assert_num_queries(3):
        summary = endorsement_summary(version=v2, viewer=member)
    assert summary.count == len(people[::3])
    assert summary.endorsed_earlier.version == v1


# The endorse and withdraw buttons


def test_a_member_endorses_from_the_version_page_and_sees_it(member_client, member, v1):
    response = member_client.post(reverse("pillars:endorse", args=[1]))
    assert response.status_code == 302
    assert response["Location"] == "/manifesto/v1/#endorse"
    assert Endorsement.objects.get().member == member
    page = member_client.get(response["Location"]).content.decode()
    assert "You endorse v1 in your own name." in page
    assert "You endorsed v1 on" in page
    assert "Withdraw my endorsement of v1" in page


def test_a_member_endorses_on_behalf_of_their_company(member_client, member, v1):
    page = member_client.get("/manifesto/").content.decode()
    assert 'id="endorse"' in page
    assert '<label for="endorse-company">On behalf of Northwind Labs</label>' in page
    member_client.post(reverse("pillars:endorse", args=[1]), {"on_behalf_of_company": "on"})
    assert Endorsement.objects.get().on_behalf_of == "Northwind Labs"
    page = member_client.get("/manifesto/v1/").content.decode()
    assert "on behalf of Northwind Labs" in page
    assert "checked" in page


def test_staff_may_endorse_and_without_a_company_hear_why_not_on_behalf(staff_client, v1):
    response = staff_client.post(
        reverse("pillars:endorse", args=[1]), {"on_behalf_of_company": "on"}, follow=True
    )
    assert "Your profile names no company" in response.content.decode()
    assert not Endorsement.objects.exists()
    staff_client.post(reverse("pillars:endorse", args=[1]))
    assert Endorsement.objects.count() == 1


def test_visitors_are_sent_to_log_in_and_applicants_refused(applicant_client, v1):
    for name in ("pillars:endorse", "pillars:endorsement_withdraw"):
        url = reverse(name, args=[1])
        response = Client().post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert applicant_client.post(url).status_code == 403
    assert not Endorsement.objects.exists()


def test_a_number_never_published_is_not_found_and_get_is_refused(member_client, v1, staff):
    services.draft_start(started_by=staff)
    for name in ("pillars:endorse", "pillars:endorsement_withdraw", "pillars:endorsers"):
        assert member_client.post(reverse(name, args=[2])).status_code in (404, 405)
        assert member_client.get(reverse(name, args=[2])).status_code in (404, 405)
    assert member_client.post(reverse("pillars:endorse", args=[2])).status_code == 404
    assert member_client.get(reverse("pillars:endorsers", args=[2])).status_code == 404
    assert member_client.get(reverse("pillars:endorse", args=[1])).status_code == 405


def test_a_member_withdraws_their_endorsement(member_client, member, v1):
    endorse(v1, member)
    response = member_client.post(reverse("pillars:endorsement_withdraw", args=[1]), follow=True)
    assert "You withdrew your endorsement of v1." in response.content.decode()
    assert not Endorsement.objects.exists()


# What the panel says to each role


def test_visitors_and_applicants_see_the_count_and_how_to_become_able(applicant_client, v1):
    endorse(v1, MemberFactory(name="Amara Okafor"))
    page = Client().get("/manifesto/").content.decode()
    assert "<strong>1</strong> endorsement of this version" in page
    assert "Amara Okafor" in page
    assert "Members can endorse the manifesto." in page and "Log in" in page
    assert reverse("pillars:endorse", args=[1]) not in page
    page = applicant_client.get("/manifesto/").content.decode()
    assert "Your application" in page
    assert reverse("pillars:endorse", args=[1]) not in page


def test_a_past_endorser_sees_what_changed_since_the_version_they_endorsed(
    member_client, member, v1
):
    endorse(v1, member, MemberFactory())
    publish(changes={"insight": "New."}, major=True)
    page = member_client.get("/manifesto/").content.decode()
    assert "You endorsed v1: " in page
    assert 'href="/manifesto/compare/1/2/">see what changed since the version you endorsed' in page
    assert "2 of the v1 endorsers have not yet endorsed v2." in page
    assert "Endorse v2" in page


def test_an_older_versions_panel_says_a_newer_one_exists(member_client, v1):
    publish(changes={"insight": "New."})
    page = member_client.get("/manifesto/v1/").content.decode()
    panel = page[page.index('id="endorse"') :]
    assert "A newer version, " in panel and "You can still endorse v1" in panel
    assert "Endorse v1" in panel


def test_the_panel_names_those_in_the_directory_and_counts_the_others(client, v1):
    endorse(v1, MemberFactory(name="Amara Okafor"))
    endorse(v1, *many_members(3, show_in_directory=False))
    page = client.get("/manifesto/").content.decode()
    assert "and 3 members who keep their names private." in page
    assert "Endorser 000" not in page


# The endorsers page


def test_everyone_reads_the_endorsers_page(v1):
    endorse(v1, MemberFactory(name="Amara Okafor", company="Contoso"), company=True)
    applicant_client, member_client = Client(), Client()
    applicant_client.force_login(ApplicantFactory())
    member_client.force_login(MemberFactory())
    for reader in (Client(), applicant_client, member_client):
        page = reader.get(reverse("pillars:endorsers", args=[1])).content.decode()
        assert "Amara Okafor" in page and "on behalf of Contoso" in page


def test_the_endorsers_page_counts_private_endorsers_without_naming_them(client, v1):
    endorse(v1, MemberFactory(name="Amara Okafor"))
    endorse(v1, MemberFactory(name="Quiet Quentin", show_in_directory=False))
    page = client.get(reverse("pillars:endorsers", args=[1])).content.decode()
    assert "<strong>2</strong> endorsements of v1, 1 of them from a member who keeps" in page
    assert "Quiet Quentin" not in page


def test_the_endorsers_page_shows_50_a_page(client, v1):
    endorse(v1, *many_members(51))
    first = client.get(reverse("pillars:endorsers", args=[1])).content.decode()
    assert first.count('class="endorser"') == 50 and "Page 1 of 2" in first
    second = client.get(reverse("pillars:endorsers", args=[1]) + "?page=2").content.decode()
    assert second.count('class="endorser"') == 1 and "Endorser 050" in second
    nonsense = client.get(reverse("pillars:endorsers", args=[1]) + "?page=x&earlier=-3")
    assert nonsense.status_code == 200


def test_past_endorsers_not_back_are_listed_as_endorsed_an_earlier_version(client, v1):
    back = MemberFactory(name="Back Bea")
    pending = MemberFactory(name="Pending Pia")
    private = MemberFactory(name="Quiet Quentin", show_in_directory=False)
    endorse(v1, back, pending, private)
    v2 = publish(changes={"insight": "New."}, major=True)
    endorse(v2, back)
    v3 = publish(changes={"insight": "Newer."}, major=True)
    endorse(v2, pending)
    page = client.get(reverse("pillars:endorsers", args=[3])).content.decode()
    earlier = page[page.index("Endorsed an earlier version") :]
    assert "Back Bea" in earlier and "Pending Pia" in earlier
    # Each with the latest version they endorsed.
    assert earlier.count("endorsed v2") == 2
    assert "Quiet Quentin" not in page
    assert "3 people who endorsed an earlier version have not yet endorsed v3" in earlier
    assert "1 of them keeping their name private" in earlier
    endorse(v3, back)
    page = client.get(reverse("pillars:endorsers", args=[3])).content.decode()
    assert "Back Bea" in page[: page.index("Endorsed an earlier version")]


def test_the_endorsers_page_of_the_first_version_has_no_earlier_section(client, v1):
    endorse(v1, MemberFactory())
    page = client.get(reverse("pillars:endorsers", args=[1])).content.decode()
    assert "Endorsed an earlier version" not in page


@pytest.mark.parametrize("endorsers", [10, 200])
def test_the_endorsers_page_costs_the_same_queries_however_many_endorsed(
    client, v1, django_assert_num_queries, endorsers
):
    people = many_members(endorsers // 2) + many_members(
        endorsers - endorsers // 2, show_in_directory=False
    )
    endorse(v1, *people)
    v2 = publish(changes={"insight": "New."}, major=True)
    endorse(v2, *people[::3])
    # The version (1), the latest number (2), the figures (3), a page of named endorsers of v2
    # (4) and a page of named past endorsers with the version each endorsed (5).
    with django_assert_num_queries(5):
        response = client.get(reverse("pillars:endorsers", args=[v2.number]))
    assert response.status_code == 200


def test_the_endorsers_selector_pages_past_endorsers_separately(v1):
    endorse(v1, *many_members(60))
    v2 = publish(changes={"insight": "New."}, major=True)
    page = endorsers_page(version=v2, page=1, earlier_page=2)
    assert page.count == 0 and page.earlier_count == 60
    assert len(page.earlier.object_list) == 10
    assert page.earlier.object_list[0].version_number == 1
