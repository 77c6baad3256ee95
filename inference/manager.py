"""The model manager: keeps loaded engines and adapters matching the deployments table, live.

A deployment's model may be a base/full model (its own engine) or a LoRA adapter (loaded into
the engine of its base). Department adapters become API models named `<deployment>/<adapter>`.
`reconcile` loads what is new before switching routes and unloads what is gone after, so a
request never finds a route without its engine; adapters still in use drain first.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Protocol

from inference.engines.base import Engine
from inference.routing import Arm, Route

if TYPE_CHECKING:
    from appliance.box import Box
    from inference.services.deployments import DeploymentView
    from training.registry import ModelRecord

log = logging.getLogger("corpusbox.inference")
EngineKey = tuple[int, str]
EngineFactory = Callable[[str, Path], Engine]


class ModelSource(Protocol):
    """Where model records and their local directories come from."""

    def record(self, model_id: int) -> "ModelRecord": ...

    def directory(self, record: "ModelRecord") -> Path: ...


class RegistrySource:
    """Models from the training registry, materialised (SHA-256 verified) under the data root."""

    def __init__(self, box: "Box") -> None:
        self.box = box

    def record(self, model_id: int) -> "ModelRecord":
        from training import registry

        return registry.get(self.box, model_id)

    def directory(self, record: "ModelRecord") -> Path:
        from training import registry

        return registry.materialize(self.box, record)


@dataclass
class _Plan:
    routes: dict[str, Route] = field(default_factory=dict)
    engines: dict[EngineKey, "ModelRecord"] = field(default_factory=dict)
    adapters: dict[EngineKey, dict[str, "ModelRecord"]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


class ModelManager:
    """Loaded engines by (base model id, engine kind) and the routes from API model ids to arms."""

    def __init__(self, source: ModelSource, factory: EngineFactory) -> None:
        self.source = source
        self.factory = factory
        self.engines: dict[EngineKey, Engine] = {}
        self.routes: dict[str, Route] = {}
        self.errors: dict[str, str] = {}
        self.loaded_once = False
        self._records: dict[int, Any] = {}
        self._retiring: list[Engine] = []
        self._lock = threading.Lock()

    def route(self, model: str) -> Route | None:
        return self.routes.get(model)

    def engine(self, key: EngineKey) -> Engine | None:
        return self.engines.get(key)

    @property
    def ready(self) -> bool:
        return self.loaded_once and not self.errors

    def reconcile(self, deployments: list["DeploymentView"]) -> None:
        """Load, route and unload so the server matches `deployments` (blocking; run it off the event loop)."""
        with self._lock:
            plan = self._plan(deployments)
            for key, record in plan.engines.items():
                if key not in self.engines:
                    self._load_engine(key, record, plan)
            failed = self._load_adapters(plan)
            self.routes = {m: r for m, r in plan.routes.items()
                           if all(a.engine_key in self.engines and a.adapter not in failed for a in r.arms)}
            self._unload_unused(plan)
            self.errors = plan.errors
            self.loaded_once = True

    def _record(self, model_id: int) -> "ModelRecord":
        if model_id not in self._records:
            self._records[model_id] = self.source.record(model_id)
        return self._records[model_id]

    def _arm(self, plan: _Plan, label: str, model_id: int, engine_kind: str, weight: float) -> Arm:
        record = self._record(model_id)
        if record.kind == "adapter":
            if record.base_model_id is None:
                raise ValueError(f"adapter {record.ref} names no base model")
            base = self._record(record.base_model_id)
            key = (base.id, engine_kind)
            plan.adapters.setdefault(key, {})[record.ref] = record
            adapter: str | None = record.ref
        else:
            base, key, adapter = record, (record.id, engine_kind), None
        plan.engines[key] = base
        return Arm(label, record.ref, key, adapter, weight)

    def _plan(self, deployments: list["DeploymentView"]) -> _Plan:
        plan = _Plan()
        for dep in deployments:
            try:
                if dep.serving_model_id is None:
                    raise ValueError("no serving model")
                weight = dep.candidate_weight if dep.candidate_model_id else 0.0
                arms = [self._arm(plan, "serving", dep.serving_model_id, dep.engine, 1.0 - weight)]
                if dep.candidate_model_id and weight > 0:
                    arms.append(self._arm(plan, "candidate", dep.candidate_model_id, dep.engine, weight))
                plan.routes[dep.name] = Route(dep.name, dep.name, arms)
                for entry in dep.adapters:
                    arm = self._arm(plan, "adapter", int(entry["model_id"]), dep.engine, 1.0)
                    plan.routes[f"{dep.name}/{entry['name']}"] = Route(f"{dep.name}/{entry['name']}", dep.name, [arm])
            except Exception as exc:  # one broken deployment must not stop the others from serving
                plan.errors[dep.name] = f"{type(exc).__name__}: {exc}"
                log.error("deployment %s cannot be served: %s", dep.name, plan.errors[dep.name])
        return plan

    def _load_engine(self, key: EngineKey, record: "ModelRecord", plan: _Plan) -> None:
        try:
            self.engines[key] = self.factory(key[1], self.source.directory(record))
            log.info("loaded %s on the %s engine", record.ref, key[1])
        except Exception as exc:
            for name, route in plan.routes.items():
                if any(a.engine_key == key for a in route.arms):
                    plan.errors[route.deployment] = f"loading {record.ref} failed: {type(exc).__name__}: {exc}"
            log.error("loading %s failed: %s", record.ref, exc)

    def _load_adapters(self, plan: _Plan) -> set[str]:
        """Load the adapters the plan wants; a broken one fails its deployments only. Returns the failed refs."""
        failed: set[str] = set()
        for key, wanted in plan.adapters.items():
            engine = self.engines.get(key)
            for name, record in wanted.items():
                if engine is None or name in engine.adapter_names():
                    continue
                try:
                    engine.load_adapter(name, self.source.directory(record))
                except Exception as exc:
                    failed.add(name)
                    for route in plan.routes.values():
                        if any(a.adapter == name for a in route.arms):
                            plan.errors[route.deployment] = f"loading {name} failed: {type(exc).__name__}: {exc}"
                    log.error("loading adapter %s failed: %s", name, type(exc).__name__)
        return failed

    def _unload_unused(self, plan: _Plan) -> None:
        for key in list(self.engines):
            engine = self.engines[key]
            if key not in plan.engines:
                del self.engines[key]
                self._retiring.append(engine)  # closed once its running requests have finished
                continue
            wanted = plan.adapters.get(key, {})
            for name in engine.adapter_names():
                if name not in wanted:
                    engine.unload_adapter(name)
        for engine in list(self._retiring):
            if not engine.busy():
                engine.close()
                self._retiring.remove(engine)

    def close(self) -> None:
        for engine in [*self.engines.values(), *self._retiring]:
            engine.close()
        self.engines.clear()
        self._retiring.clear()
        self.routes = {}
