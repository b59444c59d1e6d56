"""A throwaway PostgreSQL server for the tests, from the machine's own binaries.

`DONDOC_TEST_POSTGRES_URL` names a server to use instead. Otherwise, when initdb is on
PATH, a cluster is made in a temporary directory, on 127.0.0.1 and a free port, run as
the `postgres` user when we are root (the server refuses to run as root), and removed at
the end. With neither, the PostgreSQL tests are skipped, unless DONDOC_REQUIRE_POSTGRES=1
(CI), which makes that a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Unavailable(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *cmd]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(cmd)]


@contextmanager
def server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of an empty database on a running server."""
    url = os.environ.get("DONDOC_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not initdb or not pg_ctl:
        raise Unavailable("initdb/pg_ctl not on PATH and DONDOC_TEST_POSTGRES_URL not set")
    base = Path(tempfile.mkdtemp(prefix="dondoc-pg-"))
    data, sockets, logfile = base / "data", base / "sock", base / "server.log"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    try:
        subprocess.run(
            _as_postgres(
                [
                    initdb,
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
            env=env,
        )
        options = (
            f"-h 127.0.0.1 -p {port} -k {sockets} -F "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        subprocess.run(
            _as_postgres(
                [pg_ctl, "-D", str(data), "-l", str(logfile), "-o", options, "-w", "start"]
            ),
            check=True,
            capture_output=True,
            env=env,
        )
        _wait(port)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    except subprocess.CalledProcessError as error:
        log = logfile.read_text() if logfile.exists() else ""
        raise Unavailable(f"could not start PostgreSQL: {error.stderr!r} {log}") from error
    finally:
        subprocess.run(
            _as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            env=env,
        )
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def own_database(server_url: str, owner: str) -> Iterator[str]:
    """Yield the URL of a fresh database named for `owner` on the server, dropped after.

    Parallel test workers share one server (a named one, or each its own throwaway) but
    never a database: one worker's TRUNCATE must not empty another's tables mid-test."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "dondoc_" + "".join(c for c in owner.lower() if c.isalnum())
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def _wait(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise Unavailable(f"PostgreSQL did not listen on port {port}")
