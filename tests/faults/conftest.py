"""The fault tests' site, shared by them all (each counts only the work of its own load): a
PostgreSQL cluster of their own (they restart it), migrated and seeded once, a Redis and the
hub's processes (bench/fault_harness.py). Before each test, whatever a failed test left down
is started again."""

import shutil

import pytest

from bench.fault_harness import Postgres, seeded_template
from bench.fault_scenarios import site

TEMPLATE = "faults_template"


@pytest.fixture(scope="session")
def fault_site(tmp_path_factory):
    pg = Postgres().start()
    world = seeded_template(pg, TEMPLATE, "--posts", "600", "--respondents", "469")
    folder = tmp_path_factory.mktemp("fault-site")
    try:
        with site(pg=pg, template=TEMPLATE, world=world, folder=folder, database="faults") as s:
            yield s
    finally:
        pg.stop()
        shutil.rmtree(pg.folder, ignore_errors=True)
