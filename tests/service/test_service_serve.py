"""``identitylink.service.serve``: the app in worker processes forked after it
is built, sharing one listening socket."""

from __future__ import annotations

import multiprocessing
import os
import socket
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from identitylink.exceptions import ConfigurationError
from identitylink.service import create_app, serve
from identitylink.settings import IdentityLinkSettings
from identitylink.storage import make_engine, upgrade_schema


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        body: bytes = response.read()
    return body


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers fork")
def test_two_workers_share_the_socket_and_stop_on_sigterm(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    app = create_app(IdentityLinkSettings(database_url=url), engine=engine)

    @app.get("/pid")
    async def pid() -> int:
        time.sleep(0.3)  # holds this worker's event loop: the other must answer
        return os.getpid()

    port = _port()
    ctx = multiprocessing.get_context("fork")
    kwargs = {"port": port, "workers": 2, "log_level": "warning"}
    proc = ctx.Process(target=serve, args=(app,), kwargs=kwargs)
    proc.start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                _get(f"{base}/health")
                break
            except OSError:
                time.sleep(0.05)
        with ThreadPoolExecutor(6) as pool:
            pids = set(pool.map(lambda _: int(_get(f"{base}/pid")), range(6)))
        assert len(pids) == 2
        assert proc.pid not in pids
    finally:
        proc.terminate()
        proc.join(timeout=30)
    assert proc.exitcode == 0
    with pytest.raises(OSError):
        _get(f"{base}/health")


def test_workers_must_be_positive() -> None:
    app = create_app(IdentityLinkSettings(database_url="sqlite://"))
    with pytest.raises(ConfigurationError, match="workers"):
        serve(app, workers=0)


def test_served_connections_do_not_wait_for_delayed_acks() -> None:
    """asyncio turns Nagle's algorithm off only on accepted sockets that say they
    are TCP; with it on, every response written in two parts waited ~40 ms for
    the client's delayed ACK (1-client p50 52 ms instead of 9 ms)."""
    import asyncio

    from identitylink.service._serve import _socket

    listener = _socket("127.0.0.1", 0)
    port = listener.getsockname()[1]
    nodelay: list[int] = []

    async def main() -> None:
        def on_connect(
            reader: asyncio.StreamReader, writer: asyncio.StreamWriter
        ) -> None:
            sock = writer.get_extra_info("socket")
            nodelay.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(on_connect, sock=listener)
        async with server:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(100):
                if nodelay:
                    break
                await asyncio.sleep(0.01)
            writer.close()

    asyncio.run(main())
    assert nodelay and nodelay[0] != 0
