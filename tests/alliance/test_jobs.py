"""Background work is enqueued by task name (alliance/jobs.py)."""

import ast
import os
import subprocess
import sys
from pathlib import Path

from celery import current_app

ROOT = Path(__file__).resolve().parent.parent.parent


def test_a_web_process_finds_a_task_by_name_without_importing_its_module():
    # A fresh process, as gunicorn's: nothing has imported surveys.tasks.
    script = (
        "import django; django.setup()\n"
        "import sys\n"
        "from alliance.jobs import registered\n"
        "assert 'surveys.tasks' not in sys.modules\n"
        "print(registered('surveys.tasks.send_confirmation').name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "alliance.settings.test"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "surveys.tasks.send_confirmation"


def _enqueued_names():
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or ".data" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "enqueue"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                yield path, node.args[0].value


def test_every_name_enqueued_is_a_registered_task():
    from alliance.jobs import registered

    names = list(_enqueued_names())
    assert len(names) >= 8
    for path, name in names:
        assert registered(name).name == name, path
    assert "surveys.tasks.send_results_batch" in current_app.tasks
