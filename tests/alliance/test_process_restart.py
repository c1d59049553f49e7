"""Workers heal (issue #19): a background process that dies is started again, in containers
(compose's restart policy) and under `make run` (honcho, whose processes are wrapped in
`manage.py keep_running`, because honcho stops everything when one process exits)."""

import os
import re
import signal
import subprocess
import sys
import time

from tests.conftest import ROOT

KEEP_RUNNING = "python manage.py keep_running "


def _services(compose_text):
    """{service name: its block of lines} under `services:` (the files are plain enough for
    this; the project has no YAML parser)."""
    block = compose_text.split("\nservices:\n", 1)[1].split("\nvolumes:\n", 1)[0]
    services, name = {}, None
    for line in block.splitlines():
        found = re.fullmatch(r"  ([\w-]+):", line)
        if found:
            name = found[1]
            services[name] = []
        elif name and line.startswith("    "):
            services[name].append(line.strip())
    return services


def test_every_compose_service_is_started_again_when_it_dies():
    text = (ROOT / "docker-compose.yml").read_text()
    anchor = text.split("x-app: &app\n", 1)[1].split("\n\n", 1)[0]
    assert "\n  restart: unless-stopped\n" in anchor
    services = _services(text)
    assert {"web", "worker", "beat", "relay", "redis", "postgres"} <= set(services)
    for name, lines in services.items():
        assert "restart: unless-stopped" in lines or "<<: *app" in lines, name
    assert "command: python manage.py relay_jobs" in services["relay"]
    assert "<<: *app" in services["relay"]


def test_the_demo_compose_file_keeps_the_restart_policy():
    text = (ROOT / "docker-compose.demo.yml").read_text()
    for name, lines in _services(text).items():
        assert not [line for line in lines if line.startswith("restart:")], name


def test_make_run_keeps_each_background_process_running():
    processes = dict(
        line.split(": ", 1) for line in (ROOT / "Procfile.dev").read_text().splitlines() if line
    )
    assert {"web", "worker", "beat", "relay"} <= set(processes)
    for name, command in processes.items():
        if name != "web":  # runserver reloads itself; if it dies, the developer sees it
            assert command.startswith(KEEP_RUNNING), name
    assert processes["worker"].startswith(KEEP_RUNNING + "celery -A alliance worker")
    assert processes["relay"] == KEEP_RUNNING + "python manage.py relay_jobs"


def _keep_running(tmp_path, *command):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alliance.settings.test"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "keep_running", "--pause", "0.2", "--", *command],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        # A process group of its own, as honcho gives each process, so it can be stopped the
        # way honcho stops it.
        start_new_session=True,
    )


def _runs(path):
    return len(path.read_text().splitlines()) if path.exists() else 0


def _wait_until(condition, timeout=15):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_a_command_that_dies_is_started_again_until_honcho_stops_it(tmp_path):
    runs = tmp_path / "runs"
    keeper = _keep_running(tmp_path, "sh", "-c", f"echo run >> {runs}; exit 3")
    try:
        _wait_until(lambda: _runs(runs) >= 3)
    finally:
        os.killpg(keeper.pid, signal.SIGTERM)  # what honcho does on Ctrl-C
    assert keeper.wait(timeout=10) == 0
    stopped_at = _runs(runs)
    time.sleep(1)
    assert _runs(runs) == stopped_at, "started again after it was stopped"
    assert "sh exited (3)" in keeper.stderr.read()


def test_a_stop_aimed_at_the_keeper_alone_stops_its_command_too(tmp_path):
    runs = tmp_path / "runs"
    keeper = _keep_running(tmp_path, "sh", "-c", f"echo run >> {runs}; exec sleep 60")
    try:
        _wait_until(lambda: _runs(runs) == 1)
        keeper.send_signal(signal.SIGTERM)
        assert keeper.wait(timeout=10) == 0
        # The command (sleep) got the signal: nothing is left in the keeper's process group.
        _wait_until(lambda: not _group_alive(keeper.pid), 5)
    finally:
        if _group_alive(keeper.pid):
            os.killpg(keeper.pid, signal.SIGKILL)
    assert _runs(runs) == 1


def _group_alive(group):
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
