import re
from io import StringIO

import pytest
from django.core.management import call_command

from demo.load import DATA, SHAPES, DemoDataError, read
from members.models import Application, User

PEOPLE = """\
decline_message = "Vendors join our partner programme instead."

[[people]]
name = "Amara Okafor"
email = "amara.okafor@lumenpay.example"
job_title = "Head of Product Operations"
company = "LumenPay"
company_type = "vc_funded"
org_size = "50-199"
pillars = ["process", "tools"]
time_zone = "Europe/London"
status = "member"
bio = "Built the product ops function at LumenPay."
motivation = "I want to compare how others run quarterly planning."

[[people]]
name = "Kenji Watanabe"
email = "kenji.watanabe@hoshilogistics.example"
job_title = "Director of Product Operations"
company = "Hoshi Logistics"
company_type = "public"
org_size = "1000+"
pillars = ["process", "stakeholders"]
time_zone = "Asia/Tokyo"
status = "member"
bio = "Runs quarterly planning for more than 40 product teams."
motivation = "I am looking for true peers to test ideas with."
"""


def test_every_demo_data_file_has_a_shape_and_loads():
    names = sorted(path.stem for path in DATA.glob("*.toml"))
    assert names == sorted(SHAPES)
    for name in names:
        assert read(name)


def test_the_loader_reads_a_well_formed_file(tmp_path):
    (tmp_path / "people.toml").write_text(PEOPLE, encoding="utf-8")
    people = read("people", folder=tmp_path)["people"]
    assert [person["name"] for person in people] == ["Amara Okafor", "Kenji Watanabe"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            ('motivation = "I am looking for true peers to test ideas with."\n', ""),
            "people #2 (name = 'Kenji Watanabe'): 'motivation' is missing",
        ),
        (
            ('bio = "Runs quarterly', 'boi = "Runs quarterly'),
            "people #2 (name = 'Kenji Watanabe'): 'boi' is not a known key",
        ),
        (
            ('pillars = ["process", "stakeholders"]', 'pillars = "process"'),
            "people #2 (name = 'Kenji Watanabe'), pillars: should be a list, not 'process'",
        ),
        (
            ('status = "member"\nbio = "Runs', 'status = "memebr"\nbio = "Runs'),
            "people #2 (name = 'Kenji Watanabe'), status: 'memebr' is not one of",
        ),
    ],
)
def test_the_loader_refuses_a_malformed_entry_naming_the_file_and_the_entry(
    tmp_path, change, problem
):
    path = tmp_path / "people.toml"
    path.write_text(PEOPLE.replace(*change), encoding="utf-8")
    with pytest.raises(DemoDataError) as refused:
        read("people", folder=tmp_path)
    assert str(refused.value).startswith(f"{path}, {problem}")


def test_the_loader_refuses_a_file_that_is_not_toml_naming_it(tmp_path):
    path = tmp_path / "people.toml"
    path.write_text(PEOPLE.replace('name = "Kenji Watanabe"', 'name = "Kenji'), encoding="utf-8")
    with pytest.raises(DemoDataError, match=re.escape(f"{path}: ")):
        read("people", folder=tmp_path)


def test_the_loader_refuses_a_file_without_a_declared_shape(tmp_path):
    (tmp_path / "pets.toml").write_text('name = "Rex"\n', encoding="utf-8")
    with pytest.raises(DemoDataError, match="no shape is declared"):
        read("pets", folder=tmp_path)


@pytest.mark.django_db
def test_the_demo_logins_seed_demo_prints_log_in(client, settings):
    settings.DEBUG = True  # as `make run` runs it
    out = StringIO()
    call_command("seed_demo", stdout=out)
    logins = re.findall(r"^Demo (member|applicant) login.*: (\S+) / (\S+)$", out.getvalue(), re.M)
    assert [kind for kind, _, _ in logins] == ["member", "member", "member", "applicant"]
    for kind, email, password in logins:
        user = User.objects.get(email=email)
        if kind == "member":
            assert user.profile.member_since is not None
        else:
            assert user.applications.get().status == Application.Status.PENDING
        assert client.login(email=email, password=password)
        client.logout()
