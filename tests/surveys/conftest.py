import pytest

from tests.factories import make_wave

# A complete, valid set of answers to the demo questions, page by page, as a browser posts them.
PAGES = {
    1: {"q_role": "head", "q_years_in_product_ops": "4"},
    2: {"q_company_type": "vc_funded", "q_org_size": "50-199"},
    3: {
        "q_product_managers": "40",
        "q_product_ops_team": "3",
        "q_reports_to": "cpo",
        "q_maturity": "3",
    },
    4: {
        "q_pillar_remit__people": "all",
        "q_pillar_remit__process": "all",
        "q_pillar_remit__insight": "some",
        "q_pillar_remit__tools": "some",
        "q_pillar_remit__stakeholders": "none",
        "q_program_management": "some",
    },
    5: {
        "q_working_groups": ["process", "insights"],
        "q_biggest_challenge": "Aligning twelve teams on one roadmap format.",
        "q_one_tip": "",
    },
}


@pytest.fixture
def wave(db):
    return make_wave()


@pytest.fixture
def answers():
    return PAGES
