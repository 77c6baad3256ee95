"""Model transparency reports: intended use, training data (aggregates only), evaluation and gate, limits,
and example outputs with token attribution. Data assembly here; the PDF in model_pdf.py."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from appliance.box import Box
from appliance.db.models import Job, Model, Snapshot
from appliance.errors import CorpusBoxError, NotFound
from appliance.reports.sections.common import iso, pick
from appliance.storage.layout import SNAPSHOTS

DEFAULT_PROMPTS = {
    "en": [
        "Patient reports chest pain radiating to the left arm for two hours. Triage level:",
        "Summarise: 67-year-old with fever and productive cough for three days, oxygen saturation 91%.",
    ],
    "zh": ["患者主诉胸痛两小时，向左臂放射。分诊级别：", "总结：67岁，发热伴咳嗽咳痰三天，血氧饱和度91%。"],
}
DEFAULT_USE = {
    "en": (
        "Decision support for clinical staff on the hospital's own network (triage suggestions, summaries). "
        "Outputs are suggestions a clinician reviews; not for autonomous diagnosis or treatment decisions."
    ),
    "zh": (
        "供院内网络中的临床人员使用的辅助决策工具（分诊建议、病历摘要）。输出仅为建议，须经临床人员审核；"
        "不得用于自主诊断或治疗决策。"
    ),
}
DEFAULT_LIMITS = {
    "en": [
        "Trained on one hospital's de-identified records: may not transfer to other populations or styles.",
        "Can state wrong facts fluently; no guarantee of clinical correctness.",
        "Evaluated only on the held-out split of its snapshot; rare conditions are under-represented.",
        "Token attributions show what the model used, not whether its reasoning is clinically sound.",
    ],
    "zh": [
        "仅基于本院去标识化数据训练，可能不适用于其他人群或书写风格。",
        "可能流畅地给出错误事实，不保证临床正确性。",
        "仅在其快照的保留测试集上评估，罕见病例代表性不足。",
        "词元归因仅显示模型依据了哪些输入，并不说明其推理在临床上是否合理。",
    ],
}
# Manifest keys whose string values are safe to show (names, versions); everything else must be a number.
SAFE_TEXT_KEYS = {
    "name",
    "format",
    "created_at",
    "parent",
    "policy_version",
    "policy_versions",
    "language",
    "languages",
    "sources",
    "method",
    "mechanism",
    "split",
    "splits",
    "kind",
}


@dataclass
class ModelReport:
    model: dict[str, Any]
    intended_use: str
    intended_use_default: bool
    training_data: dict[str, Any]
    evaluation: dict[str, Any]
    gate: list[dict[str, Any]]
    known_limits: list[str]
    examples: list[dict[str, Any]] = field(default_factory=list)
    examples_note: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def aggregates_only(data: Any, key: str = "", depth: int = 0, safe: bool = False) -> Any:
    """Numbers, flags and whitelisted names from a manifest; per-document lists and free text are dropped.

    Strings survive only under a key in SAFE_TEXT_KEYS (e.g. `sources`, `policy_versions`).
    """
    safe = safe or key in SAFE_TEXT_KEYS
    if isinstance(data, (bool, int, float)):
        return data
    if isinstance(data, str):
        return data[:120] if safe else None
    if isinstance(data, list) and safe and len(data) <= 50:
        kept = [aggregates_only(v, "", depth + 1, safe) for v in data]
        return [v for v in kept if v not in (None, {}, [])] or None
    if isinstance(data, dict) and depth < 4:
        kept = {k: aggregates_only(v, k, depth + 1, safe) for k, v in data.items()}
        return {k: v for k, v in kept.items() if v not in (None, {}, [])} or None
    return None


def find_model(box: Box, name: str, version: int | None) -> Model:
    """A version of a model; without one, the serving version, else the newest (as the registry resolves)."""
    with box.sessions() as s:
        query = select(Model).where(Model.name == name)
        if version:
            query = query.where(Model.version == version)
        else:
            query = query.order_by((Model.status == "serving").desc(), Model.version.desc())
        row = s.scalars(query.limit(1)).first()
    if row is None:
        raise NotFound(
            f"no registered model {name}" + (f" version {version}" if version else ""),
            hint="list models with `corpusbox models list`",
        )
    return row


def training_data(box: Box, model: Model) -> dict[str, Any]:
    """The snapshot's statistics and manifest, aggregates only."""
    if model.snapshot_id is None:
        return {"note": "no snapshot recorded for this model (imported base model)"}
    with box.sessions() as s:
        snap = s.get(Snapshot, model.snapshot_id)
        parent = s.get(Snapshot, snap.parent_id) if snap and snap.parent_id else None
    if snap is None:
        return {"note": f"snapshot {model.snapshot_id} is not in the database"}
    data: dict[str, Any] = {
        "snapshot": snap.name,
        "parent": parent.name if parent else None,
        "created_at": iso(snap.created_at),
        "manifest_sha256": snap.manifest_sha256,
        "stats": aggregates_only(snap.stats or {}),
    }
    try:
        manifest = json.loads(box.store.get_bytes(SNAPSHOTS, snap.manifest_key))
        data["manifest"] = aggregates_only(manifest)
    except (CorpusBoxError, ValueError) as exc:
        data["manifest_note"] = f"manifest not read: {getattr(exc, 'message', exc)}"
    return data


def gate_events(box: Box, model: Model) -> list[dict[str, Any]]:
    """Promotion, rollback and gate events naming this model."""
    names = {f"model:{model.name}:{model.version}", f"model:{model.name}", f"model:{model.id}"}
    rows = []
    for e in box.audit.events(action="model%"):
        if e.target in names or pick(e.details, "model") in (model.name, f"{model.name}:{model.version}"):
            rows.append(
                {
                    "seq": e.seq,
                    "ts": e.ts,
                    "actor": e.actor,
                    "action": e.action,
                    "outcome": e.outcome,
                    **{k: v for k, v in e.details.items() if isinstance(v, (int, float, str, bool))},
                }
            )
    return rows


def model_facts(box: Box, model: Model) -> dict[str, Any]:
    with box.sessions() as s:
        job = s.get(Job, model.job_id) if model.job_id else None
    spec = job.spec if job else {}
    return {
        "name": model.name,
        "version": model.version,
        "kind": model.kind,
        "status": model.status,
        "sha256": model.sha256,
        "uri": model.uri,
        "created_at": iso(model.created_at),
        "created_by": model.created_by,
        "job": model.job_id,
        "base_model": job.base_model if job else None,
        "method": pick(spec, "method"),
        "dp_target_epsilon": pick(spec, "dp_sgd.target_epsilon"),
        "parent": model.parent_id,
    }


def _local_dir(box: Box, model: Model) -> tuple[Path, Path | None]:
    """(model directory, base-model directory for adapters) on this machine."""
    if model.uri.startswith("s3://"):
        from training import registry  # the registry downloads and verifies every file's SHA-256

        record = registry.resolve(box, model.name, model.version)
        path = registry.materialize(box, record)
        base = None
        if record.kind == "adapter" and record.base_model_id:
            base = registry.materialize(box, registry.get(box, record.base_model_id))
        return path, base
    path = Path(model.uri.removeprefix("file://"))
    if not path.is_dir():
        raise CorpusBoxError(
            f"the weights of {model.name} v{model.version} are not available on this machine",
            hint="run the report on the box whose registry holds the model",
        )
    return path, None


def load_model(box: Box, model: Model) -> tuple[Any, Any]:
    """(model, tokenizer) from the registry (or a local model directory); adapters on top of their base."""
    try:
        path, base = _local_dir(box, model)
    except ImportError:
        raise CorpusBoxError("the training package (model registry) is not installed") from None
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if base is not None or (path / "adapter_config.json").exists():
        from peft import AutoPeftModelForCausalLM, PeftModel

        lm = (
            PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base), path)
            if base is not None
            else AutoPeftModelForCausalLM.from_pretrained(path)
        )
        tok_dir = path if (path / "tokenizer_config.json").exists() or base is None else base
        return lm, AutoTokenizer.from_pretrained(tok_dir)
    return AutoModelForCausalLM.from_pretrained(path), AutoTokenizer.from_pretrained(path)


def examples(
    box: Box, model: Model, prompts: list[str], method: str, max_new_tokens: int
) -> tuple[list[dict[str, Any]], str | None]:
    """Greedy outputs for the prompts with token attributions, or a note saying why there are none."""
    from appliance.reports.attribution import attribute

    try:
        lm, tokenizer = load_model(box, model)
    except (CorpusBoxError, OSError, ValueError) as exc:
        return [], getattr(exc, "message", str(exc))
    return [attribute(lm, tokenizer, p, max_new_tokens, method).to_dict() for p in prompts], None


def build_model_report(
    box: Box, model: Model, lang: str, prompts: list[str] | None, method: str, max_new_tokens: int
) -> ModelReport:
    """Everything the transparency report shows for one registered model."""
    lineage = model.lineage or {}
    use = lineage.get("intended_use")
    limits = lineage.get("known_limits")
    metrics = {k: v for k, v in (model.metrics or {}).items() if isinstance(v, (int, float, str, bool))}
    chosen = prompts or lineage.get("sample_prompts") or DEFAULT_PROMPTS[lang]
    shown, note = examples(box, model, list(chosen), method, max_new_tokens)
    return ModelReport(
        model=model_facts(box, model),
        intended_use=use or DEFAULT_USE[lang],
        intended_use_default=not use,
        training_data=training_data(box, model),
        evaluation=metrics,
        gate=gate_events(box, model),
        known_limits=list(limits)
        if isinstance(limits, list)
        else ([limits] if limits else DEFAULT_LIMITS[lang]),
        examples=shown,
        examples_note=note,
    )
