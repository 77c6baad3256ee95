"""Who is acting, and whether they may: principals, permission checks and audited refusals."""

from __future__ import annotations

from dataclasses import dataclass, field

from appliance.audit.log import Actor
from appliance.errors import PermissionDenied
from appliance.security.roles import role_allows, scopes_allow

TYPE_CHECKING = False
if TYPE_CHECKING:
    from appliance.box import Box


@dataclass(frozen=True)
class Principal:
    """An identified operator or client: user, role, and the token it presented (if any)."""

    user: str
    role: str
    token_id: str | None = None
    scopes: tuple[str, ...] = field(default=("cli",))
    models: tuple[str, ...] | None = None
    rate_limit_per_minute: int | None = None

    def as_actor(self) -> Actor:
        return Actor(self.user, self.role)

    def may(self, permission: str) -> bool:
        if self.role in ("bootstrap", "anonymous", "system"):
            return False
        return role_allows(self.role, permission) and scopes_allow(self.scopes, permission)

    @classmethod
    def bootstrap(cls) -> "Principal":
        return cls("bootstrap", "bootstrap")

    @classmethod
    def anonymous(cls, claimed: str = "anonymous") -> "Principal":
        return cls(claimed[:64] or "anonymous", "anonymous", scopes=())

    @classmethod
    def system(cls, component: str = "system") -> "Principal":
        return cls(component, "system", scopes=())


def authorize(box: "Box", principal: Principal, permission: str, target: str = "") -> None:
    """Raise PermissionDenied, and audit the refusal, unless the principal may do this."""
    if principal.may(permission):
        return
    box.audit.record(principal.as_actor(), permission, target or permission, outcome="refused",
                     details={"reason": "role or token scope does not allow it", "token": principal.token_id})
    raise PermissionDenied(
        f"{principal.user} ({principal.role}) may not {permission.replace('.', ' ')}"
        + (f" on {target}" if target else ""),
        hint="ask an admin for a role that allows it (`corpusbox user role`) or a token with the right scope",
    )
