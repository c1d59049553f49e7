"""The fault tests' site, shared by them all (each counts only the work of its own load): a
PostgreSQL cluster of their own (they restart it), migrated and seeded once, a Redis and the
hub's processes (bench/fault_harness.py). Before each test, whatever a failed test left down
is started again."""

import json
import os
import shutil

import pytest

from bench.fault_harness import Postgres, Redis, manage
from bench.fault_scenarios import site

TEMPLATE = "faults_template"


@pytest.fixture(scope="session")
def fault_site(tmp_path_factory):
    pg = Postgres().start()
    redis = Redis().start()
    try:
        pg.create_database(TEMPLATE)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alliance.settings.test",
               "DATABASE_URL": pg.url(TEMPLATE), "REDIS_URL": redis.url}  # fmt: skip
        manage(env, "migrate", "--noinput")
        seeded = manage(env, "-m", "bench.fault_seed", "seed", "--posts", "600",
                        "--respondents", "469")  # fmt: skip
        world = json.loads(seeded.strip().splitlines()[-1])
    finally:
        redis.stop()
    folder = tmp_path_factory.mktemp("fault-site")
    try:
        with site(pg=pg, template=TEMPLATE, world=world, folder=folder, database="faults") as s:
            yield s
    finally:
        pg.stop()
        shutil.rmtree(pg.folder, ignore_errors=True)
