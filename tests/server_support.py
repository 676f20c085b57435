"""Debian's nginx started on a loopback port for a test, never as a service: a minimal
nginx.conf around a generated `kennisbank serverconfig nginx` block, workers as `nobody` when
the tests run as root, everything nginx writes inside one folder."""

from __future__ import annotations

import grp
import http.client
import os
import pwd
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

NGINX = Path("/usr/sbin/nginx")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_conf(folder: Path) -> str:
    """A minimal nginx.conf that includes folder/kennisbank.conf in its http block."""
    user = ""
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        user = f"user nobody {grp.getgrgid(nobody.pw_gid).gr_name};\n"
    temp = "".join(f"    {kind}_temp_path {folder / kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"{user}worker_processes 1;\ndaemon off;\npid {folder / 'nginx.pid'};\n"
            f"error_log {folder / 'error.log'} notice;\nevents {{ worker_connections 64; }}\n"
            f"http {{\n    include /etc/nginx/mime.types;\n"
            f"    default_type application/octet-stream;\n    access_log off;\n{temp}"
            f"    include {folder / 'kennisbank.conf'};\n}}\n")


def wait_for_port(process: subprocess.Popen[bytes], port: int, folder: Path,
                  name: str) -> None:
    """Until the server started in `folder` answers on `port`; a test failure with its
    output and error.log when it stops or takes over 15 s."""
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log = (folder / "error.log").read_text() if (folder / "error.log").exists() \
                    else ""
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"{name} did not start: {output}\n{log}")
            time.sleep(0.05)


@contextmanager
def running_nginx(folder: Path, port: int) -> Iterator[int]:
    """nginx with folder/kennisbank.conf (already written, listening on `port`) until the
    block ends."""
    if not NGINX.is_file():
        pytest.fail("nginx ontbreekt: `make test` installeert Debian's nginx (apt-get)")
    (folder / "nginx.conf").write_text(nginx_conf(folder), encoding="utf-8")
    process = subprocess.Popen([str(NGINX), "-c", str(folder / "nginx.conf"),
                                "-p", str(folder)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_port(process, port, folder, "nginx")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


def request(port: int, target: str, accept: str | None = None,
            method: str = "GET") -> tuple[http.client.HTTPResponse, bytes]:
    """One request with the target sent exactly as given (path and query, no re-encoding)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {} if accept is None else {"Accept": accept}
    connection.putrequest(method, target, skip_accept_encoding=True)
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body
