"""The commit probe's own behaviour against a real PostgreSQL: it reconnects while its endpoint settles."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import psycopg
import pytest

from appliance.ha.probe import TABLE, CommitProbe, missing_commits
from tests.harness.postgres import PostgresServer

pytestmark = [pytest.mark.postgres]


class ResetFirst:
    """A TCP relay to the server that closes the first ``resets`` connections at once, the way a client saw a VIP
    that had just come back ('server closed the connection unexpectedly'), and relays every later one."""

    def __init__(self, port: int, resets: int) -> None:
        self.target, self.resets = port, resets
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.seen = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.seen += 1
            if self.seen <= self.resets:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def relay(pg_server: PostgresServer) -> Iterator[ResetFirst]:
    r = ResetFirst(pg_server.port, resets=2)
    yield r
    r.close()


def _dsn(port: int) -> str:
    return f"host=127.0.0.1 port={port} user=postgres dbname=postgres connect_timeout=2"


def test_when_the_first_connections_are_reset_then_setup_reconnects_and_the_probe_commits(relay, pg_server):
    probe = CommitProbe(_dsn(relay.port), interval_s=0.01)
    probe.setup(within_s=10)
    assert relay.seen == 3  # two resets, then the connection that created the table

    probe.start()
    while len(probe.result.acked) < 5:
        threading.Event().wait(0.05)
    result = probe.stop()
    assert result.failed == 0
    assert missing_commits(_dsn(pg_server.port), result) == []
    with psycopg.connect(_dsn(pg_server.port), autocommit=True) as conn:
        conn.execute(f"DELETE FROM {TABLE} WHERE run = %s", (result.run,))


def test_when_setup_gets_no_time_to_retry_then_the_reset_is_raised(relay):
    with pytest.raises(psycopg.OperationalError):
        CommitProbe(_dsn(relay.port)).setup()
    assert relay.seen == 1
