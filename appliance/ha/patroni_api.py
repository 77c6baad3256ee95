"""A small client for Patroni's REST API (role, cluster view, switchover) with short timeouts."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from appliance.errors import Conflict, ServiceUnavailable


@dataclass(frozen=True)
class MemberState:
    """One Patroni member as the cluster endpoint reports it."""

    name: str
    role: str  # leader | sync_standby | replica | standby_leader
    state: str  # running | streaming | stopped | starting ...
    host: str
    lag: int | str | None
    timeline: int | None


class PatroniClient:
    """Talks to one member's REST API; GETs need no credentials, POSTs use basic auth."""

    def __init__(self, base_url: str, user: str | None = None, password: str | None = None,
                 timeout: float = 2.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._auth = base64.b64encode(f"{user}:{password}".encode()).decode() if user else None
        self.timeout = timeout

    def _request(self, path: str, body: dict[str, Any] | None = None,
                 timeout: float | None = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base_url + path, data=data, method="POST" if body is not None else "GET")
        if data is not None:
            req.add_header("Content-Type", "application/json")
            if self._auth:
                req.add_header("Authorization", f"Basic {self._auth}")
        try:
            with urllib.request.urlopen(req, timeout=timeout or self.timeout) as resp:
                return resp.status, _decode(resp.read())
        except urllib.error.HTTPError as exc:
            return exc.code, _decode(exc.read())
        except (OSError, ValueError) as exc:
            raise ServiceUnavailable(f"Patroni at {self.base_url} does not answer ({exc})",
                                     hint="is patroni running on that box? `corpusbox ha status`") from exc

    def is_primary(self) -> bool:
        """True only when this member holds the leader key and runs PostgreSQL read-write."""
        return self._request("/primary")[0] == 200

    def node(self) -> dict[str, Any]:
        """This member's own view (role, state, timeline, replication)."""
        return self._request("/patroni")[1] or {}

    def cluster(self) -> list[MemberState]:
        """Every member as the leader key's cluster view lists them."""
        _, doc = self._request("/cluster")
        out = []
        for m in (doc or {}).get("members", []):
            out.append(MemberState(m.get("name", "?"), m.get("role", "?"), m.get("state", "?"), m.get("host", ""),
                                   m.get("lag"), m.get("timeline")))
        return out

    def switchover(self, leader: str, candidate: str | None) -> str:
        """Planned switchover: the leader hands over cleanly (no lost commit, no TTL wait)."""
        body: dict[str, Any] = {"leader": leader}
        if candidate:
            body["candidate"] = candidate
        # Patroni answers once the new primary runs: allow for the demotion and promotion.
        status, doc = self._request("/switchover", body, timeout=60)
        if status != 200:
            raise Conflict(f"switchover refused by Patroni ({status}): {doc}",
                           hint="is the standby streaming and in sync? `corpusbox ha status`")
        return str(doc)


def _decode(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")
