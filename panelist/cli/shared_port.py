"""Several ``panelist serve`` processes on one port (SO_REUSEPORT), for replicas on one host.

The kernel hands each new connection to one of the live listening sockets; when a replica
dies its socket goes with it and new connections reach the others, with no proxy in between.
(Across hosts, put a load balancer in front instead: see docs/operations.md, Deployment.)
"""

from __future__ import annotations

import socket
from typing import Any

from panelist.errors import ConfigurationError


def shared_port_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket that other processes of this user may bind to as well."""
    if not hasattr(socket, "SO_REUSEPORT"):
        raise ConfigurationError(
            "This system has no SO_REUSEPORT: run one `panelist serve` per port behind a "
            "load balancer instead of --reuse-port."
        )
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigurationError(
            f"Cannot listen on {host}:{port} with --reuse-port ({exc.strerror}): every "
            "process sharing a port must use --reuse-port and run as the same user."
        ) from exc
    sock.set_inheritable(True)
    return sock


def run_uvicorn(app: Any, sockets: list[socket.socket] | None, **options: Any) -> None:
    """``uvicorn.run(app, **options)``, or the same server on ``sockets`` already bound."""
    import uvicorn

    if sockets is None:
        uvicorn.run(app, **options)
        return
    config = uvicorn.Config(app, **options)
    if config.workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=sockets).run()
    else:
        uvicorn.Server(config).run(sockets=sockets)
