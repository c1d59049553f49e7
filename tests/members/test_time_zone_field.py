"""The profile's time-zone field: grouped by region, rendered once, checked at the field."""

import re

import pytest

from members.forms import ProfileForm
from members.models import TIME_ZONES
from tests.factories import MemberFactory, profile_fields

pytestmark = pytest.mark.django_db


def _form(data=None, user=None, instance=None):
    user = user or MemberFactory()
    return ProfileForm(data, user=user, instance=instance)


def test_the_zones_are_grouped_by_region_and_every_zone_is_offered():
    html = str(_form()["time_zone"])
    assert '<optgroup label="Europe">' in html
    assert '<optgroup label="America">' in html
    assert set(re.findall(r'<option value="([^"]+)"', html)) == set(TIME_ZONES)
    # The region is the group's label, not repeated in each place's.
    assert '<option value="America/New_York">New York</option>' in html
    assert ">Argentina / Buenos Aires</option>" in html


def test_a_members_zone_is_the_one_selected():
    member = MemberFactory()
    member.profile.time_zone = "Asia/Tokyo"
    html = str(_form(user=member, instance=member.profile)["time_zone"])
    assert re.findall(r'<option value="([^"]+)" selected>', html) == ["Asia/Tokyo"]
    assert 'name="time_zone"' in html and 'id="id_time_zone"' in html
    # Another form in the same process does not inherit that choice.
    assert re.findall(r'value="([^"]+)" selected>', str(_form()["time_zone"])) == ["UTC"]


def test_a_valid_zone_is_kept():
    form = _form(profile_fields(time_zone="America/Argentina/Buenos_Aires", name="Ana Ruiz"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["time_zone"] == "America/Argentina/Buenos_Aires"


def test_an_unknown_zone_is_refused_at_the_field_and_shown_with_it():
    form = _form(profile_fields(time_zone="Mars/Olympus_Mons", name="Ana Ruiz"))
    assert not form.is_valid()
    assert list(form.errors) == ["time_zone"]
    group = form["time_zone"].as_field_group()
    assert "Select a valid choice" in group
    assert 'aria-invalid="true"' in group
    # The refused value is not selected in its place; the label stays tied to the select.
    assert " selected>" not in str(form["time_zone"])
    assert '<label for="id_time_zone"' in group
