"""Run the service under uvicorn: one process, or worker processes forked after
the application (and its index) is built.

A worker is one Python interpreter, so one core: with ``workers=N`` the listening
socket is bound first, then ``N`` children are forked and each serves it. The
index is built once, before the fork, and the children share its memory copy-on-
write. The objects built by then are frozen for the garbage collector (in one
process too): its full passes would walk millions of them during requests, and
in a worker write to the shared pages. Each child opens its own database
connections.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import socket
import sys
from typing import TYPE_CHECKING, Any, Literal

from identitylink.exceptions import ConfigurationError

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["Http", "serve"]

Http = Literal["auto", "h11", "httptools"]


def _socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not left 0: asyncio switches Nagle's algorithm off only
    # on accepted sockets whose ``proto`` says TCP, and with Nagle on, a response
    # written in two parts waits for the client's delayed ACK (40 ms a request).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _config(app: FastAPI, log_level: str, access_log: bool, http: Http) -> Any:
    import uvicorn

    return uvicorn.Config(
        app,
        log_level=log_level.lower(),
        access_log=access_log,
        http=http,
        # Not re-read per request: the child inherits the parent's settings.
        server_header=False,
        date_header=False,
    )


def _after_fork(app: FastAPI) -> None:
    """A child must not use the parent's pooled database connections."""
    svc = getattr(app.state, "identitylink", None)
    engine = getattr(svc, "engine", None)
    if engine is not None:
        engine.dispose(close=False)


def serve(
    app: FastAPI,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    log_level: str = "info",
    access_log: bool = True,
    http: Http = "auto",
) -> None:
    """Serve ``app`` on ``host:port`` until interrupted (SIGINT or SIGTERM).

    ``workers`` > 1 forks that many processes after ``app`` is built (POSIX
    only); they share the index copy-on-write and the kernel spreads the
    connections over them. ``http`` is uvicorn's HTTP parser (``auto``:
    httptools when installed, else h11); ``access_log=False`` skips the
    per-request log line.
    """
    import uvicorn

    if workers < 1:
        raise ConfigurationError(f"workers must be at least 1, not {workers}")
    if workers > 1 and not hasattr(os, "fork"):
        raise ConfigurationError("workers > 1 needs os.fork (POSIX)")
    sock = _socket(host, port)
    config = _config(app, log_level, access_log, http)
    # What is built by now (the index: millions of objects) lives as long as the
    # server: the collector leaves it alone, so its full passes do not walk it
    # during requests, nor write to the pages the workers share.
    gc.collect()
    gc.freeze()
    if workers == 1:
        uvicorn.Server(config).run(sockets=[sock])
        return
    children: list[int] = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            code = 0
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                _after_fork(app)
                uvicorn.Server(config).run(sockets=[sock])
            except BaseException:  # a child reports any failure and exits
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        children.append(pid)
    sock.close()
    _supervise(children)


def _supervise(children: list[int]) -> None:
    """Wait for the workers; on SIGINT/SIGTERM (or one worker ending) stop all."""

    def stop(*_: object) -> None:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    previous = {
        sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        alive = set(children)
        while alive:
            try:
                pid, _ = os.wait()
            except ChildProcessError:
                break
            except InterruptedError:  # pragma: no cover - retried by Python
                continue
            if pid in alive:
                alive.discard(pid)
                stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
