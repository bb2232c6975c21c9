"""Debian's HAProxy on loopback in front of several instances of each server, as a load
balancer in a multi-machine deployment would be: round robin, health checks, and a request
that met a dead instance sent to another."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx

from tools.processes import wait_until
from tools.serve import HOST, free_ports

DEFAULTS = """\
global
    maxconn 1024
defaults
    mode http
    timeout connect 2s
    timeout client 180s
    timeout server 180s
    option http-buffer-request
    retries 3
    option redispatch
    retry-on conn-failure empty-response 502 503
"""


class LoadBalancer:
    """One frontend port per backend name, each spreading over its servers' ports."""

    def __init__(self, folder: Path, backends: dict[str, tuple[list[int], str | None]]) -> None:
        """`backends`: name → (server ports, health check path or None for a TCP check)."""
        self.ports = dict(zip(backends, free_ports(len(backends)), strict=True))
        config = folder / "haproxy.cfg"
        config.write_text(
            DEFAULTS + "".join(_section(n, *b, self.ports[n]) for n, b in backends.items())
        )
        subprocess.run(["haproxy", "-c", "-q", "-f", str(config)], check=True)
        self._log = (folder / "haproxy.log").open("wb")
        self._process = subprocess.Popen(
            ["haproxy", "-db", "-f", str(config)], stdout=self._log, stderr=subprocess.STDOUT
        )
        time.sleep(0.5)
        assert self._process.poll() is None, f"haproxy did not start: see {folder}"

    def url(self, name: str) -> str:
        return f"http://{HOST}:{self.ports[name]}"

    def wait_until_serving(self, name: str, timeout: float = 30.0) -> None:
        """Return once `name` has a server its health checks found up (HAProxy starts every
        server as down): until then the frontend answers 503."""
        wait_until(lambda: _status(self.url(name)) not in (None, 503), timeout, f"HAProxy's {name}")

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)
        self._log.close()


def _section(name: str, ports: list[int], check: str | None, port: int) -> str:
    health = f"    option httpchk GET {check}\n" if check else ""
    servers = "".join(
        f"    server {name}{n} {HOST}:{server} check inter 1s fall 2 rise 2\n"
        for n, server in enumerate(ports)
    )
    return (
        f"frontend {name}\n    bind {HOST}:{port}\n    default_backend {name}\n"
        f"backend {name}\n    balance roundrobin\n{health}{servers}"
    )


def _status(url: str) -> int | None:
    try:
        return httpx.get(url, timeout=2).status_code
    except httpx.HTTPError:
        return None
