import pytest

from tests.factories import MemberFactory, join, make_group


@pytest.fixture
def group(db):
    return make_group(name="Process")


@pytest.fixture
def lead(db, group):
    person = MemberFactory(name="Lena Lead")
    from working_groups import services

    services.group_save(group=group, leads=[person])
    return person


@pytest.fixture
def in_group(member, group):
    """The `member` fixture, joined to `group`."""
    join(group, member)
    return member
