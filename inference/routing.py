"""A/B routing: a deployment's serving and candidate arms, picked by weight (sticky per user if given)."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Arm:
    """One way to answer a request: an engine (base model) and optionally a LoRA adapter in it."""

    label: str  # serving | candidate | adapter
    model_ref: str  # registry name:version, reported in responses and metrics
    engine_key: tuple[int, str]
    adapter: str | None
    weight: float


@dataclass(frozen=True)
class Route:
    """What an API model id resolves to."""

    model: str
    deployment: str
    arms: list[Arm]


def pick(route: Route, sticky: str | None = None, rng: random.Random | None = None) -> Arm:
    """An arm chosen by weight; with `sticky` (the request's `user`) the same user keeps the same arm."""
    arms = [a for a in route.arms if a.weight > 0] or route.arms[:1]
    if len(arms) == 1:
        return arms[0]
    total = sum(a.weight for a in arms)
    if sticky:
        digest = hashlib.sha256(f"{route.deployment}\0{sticky}".encode()).digest()
        point = int.from_bytes(digest[:8], "big") / 2**64 * total
    else:
        point = (rng or random).random() * total
    for arm in arms:
        point -= arm.weight
        if point < 0:
            return arm
    return arms[-1]
