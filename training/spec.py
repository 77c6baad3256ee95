"""Job files: the typed, validated description of one fine-tune (every key documented in docs/training.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from training.errors import JobSpecError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class DataSpec(_Strict):
    """Where the training text comes from and how it is turned into examples."""

    snapshot: str | None = Field(None, description="Snapshot name; 'latest' picks the newest snapshot.")
    path: Path | None = Field(None, description="Local JSONL file or directory (development without a snapshot).")
    format: Literal["text", "labelled"] = Field(
        "text", description="text: causal LM on document text; labelled: text then '<label_prompt> <label>'.")
    label_field: str = Field("kind", description="Document key (or fields.<name>) used as the task label.")
    label_prompt: str = Field("Triage:", description="Words put before the label in labelled examples.")
    max_chars: int = Field(2000, ge=16, description="Characters kept from each document.")
    max_documents: int | None = Field(None, ge=1, description="Cap on documents read per split.")

    @model_validator(mode="after")
    def _one_source(self) -> DataSpec:
        if (self.snapshot is None) == (self.path is None):
            raise ValueError("set exactly one of data.snapshot or data.path")
        return self


class LoraSpec(_Strict):
    """Low-rank adapters; defaults follow the hospital's reference recipe (attention only)."""

    r: int = Field(16, ge=1, le=1024, description="Rank of the low-rank update.")
    alpha: int = Field(32, ge=1, description="Scaling numerator (update scaled by alpha / r).")
    dropout: float = Field(0.1, ge=0.0, lt=1.0, description="Dropout on the adapter input.")
    target_modules: Literal["attention", "attention_mlp", "all_linear"] | list[str] = Field(
        "attention", description="Which projections get adapters, or an explicit list of module names.")


class DeepSpeedSpec(_Strict):
    """DeepSpeed ZeRO; omitted means plain PyTorch."""

    stage: Literal[0, 1, 2, 3] = Field(2, description="ZeRO stage: 0 off, 1 optimizer, 2 +gradients, 3 +parameters.")
    offload_optimizer: Literal["none", "cpu"] = Field("none", description="Keep optimizer state in host memory.")
    offload_params: Literal["none", "cpu"] = Field("none", description="Stage 3 only: keep parameters in host memory.")

    @model_validator(mode="after")
    def _offload_needs_stage3(self) -> DeepSpeedSpec:
        if self.offload_params != "none" and self.stage != 3:
            raise ValueError("deepspeed.offload_params needs deepspeed.stage 3")
        return self


class TrainingSpec(_Strict):
    """Optimisation settings."""

    batch_size: int = Field(8, ge=1, description="Examples per optimizer micro-batch (per GPU).")
    gradient_accumulation: int = Field(1, ge=1, description="Micro-batches per optimizer step.")
    seq_len: int = Field(256, ge=8, le=32768, description="Tokens per packed example.")
    epochs: float = Field(1.0, gt=0, description="Passes over the training split (fractions allowed).")
    max_steps: int | None = Field(None, ge=1, description="Stop after this many optimizer steps.")
    learning_rate: float = Field(2e-4, gt=0, lt=1, description="Peak learning rate.")
    lr_schedule: Literal["constant", "linear", "cosine"] = Field("cosine", description="Decay after warm-up.")
    warmup_steps: int = Field(0, ge=0, description="Linear warm-up steps.")
    weight_decay: float = Field(0.0, ge=0, description="AdamW weight decay.")
    seed: int = Field(42, description="Seed for data order, dropout and adapter initialisation.")
    threads: int | None = Field(None, ge=1, description="CPU threads for torch (default: what Ray grants).")


class EvalSpec(_Strict):
    """Evaluation during and after training."""

    interval_steps: int = Field(50, ge=1, description="Evaluate the validation split every N steps.")
    max_batches: int = Field(8, ge=1, description="Validation batches per evaluation.")
    task: Literal["triage", "none"] = Field("triage", description="Task metric besides perplexity.")
    task_items: int = Field(32, ge=1, description="Classification items taken from the test split.")


class CheckpointSpec(_Strict):
    """Checkpoints to the models bucket."""

    interval_steps: int = Field(50, ge=1, description="Save a resumable checkpoint every N steps.")
    keep: int = Field(2, ge=1, description="Checkpoints kept in the bucket (oldest deleted).")
    save_merged: bool = Field(False, description="Also store base+adapter merged weights.")
    fisher_samples: int = Field(32, ge=0, description="Examples for the Fisher estimate stored with the model "
                                "(0: none; ewc.fisher_samples wins when ewc is set).")


class EwcSpec(_Strict):
    """Elastic weight consolidation against a previous model (continual learning across snapshots)."""

    lambda_: float = Field(1000.0, alias="lambda", ge=0, description="Penalty strength.")
    fisher_samples: int = Field(64, ge=1, description="Examples used for this model's own Fisher estimate.")
    previous_model: str | None = Field(None, description="name[:version] whose Fisher and weights anchor training.")


class DpSgdSpec(_Strict):
    """Differentially private training (Opacus); ε is charged to the snapshot's privacy ledger."""

    target_epsilon: float = Field(8.0, gt=0, le=100, description="ε after the planned steps.")
    delta: float = Field(1e-5, gt=0, lt=1, description="δ of the (ε, δ) guarantee.")
    max_grad_norm: float = Field(1.0, gt=0, description="Per-example gradient clipping norm.")
    dataset: str | None = Field(None, description="Ledger dataset to charge (default: the snapshot name).")


class ResourcesSpec(_Strict):
    """What the scheduler reserves for the job."""

    gpus: int = Field(0, ge=0, le=64, description="GPUs (Ray never gives one GPU to two jobs).")
    cpus: float = Field(1, gt=0, description="CPU cores reserved on the Ray cluster.")


class JobSpec(_Strict):
    """One fine-tune job."""

    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                      description="Job name; also the default name of the model it registers.")
    base_model: str = Field("smollm2-135m-instruct", description="Registry name[:version] or a local HF directory.")
    output_model: str | None = Field(None, description="Registry name for the result (default: job name).")
    continue_from: str | None = Field(None, description="Start from this adapter name[:version] (default: ewc.previous_model).")
    data: DataSpec
    method: Literal["lora", "qlora", "full"] = Field("lora", description="What is trained.")
    recipe: Literal["auto", "causal_lm", "dp_sgd"] = Field("auto", description="Recipe; auto picks dp_sgd when dp_sgd is set.")
    lora: LoraSpec = Field(default_factory=LoraSpec)
    precision: Literal["fp32", "bf16", "fp16", "fp8"] = Field("bf16", description="Compute precision (CPU: fp32/bf16).")
    deepspeed: DeepSpeedSpec | None = Field(None, description="DeepSpeed ZeRO settings; omitted = plain PyTorch.")
    training: TrainingSpec = Field(default_factory=TrainingSpec)
    eval: EvalSpec = Field(default_factory=EvalSpec)
    checkpoint: CheckpointSpec = Field(default_factory=CheckpointSpec)
    ewc: EwcSpec | None = Field(None, description="Continual learning; omitted = off.")
    dp_sgd: DpSgdSpec | None = Field(None, description="DP-SGD; omitted = off.")
    resources: ResourcesSpec = Field(default_factory=ResourcesSpec)

    @model_validator(mode="after")
    def _combinations(self) -> JobSpec:
        if self.method == "qlora" and self.precision == "fp32":
            raise ValueError("method 'qlora' computes in bf16/fp16: set precision to bf16 or fp16")
        if self.dp_sgd and self.deepspeed:
            raise ValueError("dp_sgd and deepspeed cannot be combined: remove one of them")
        if self.dp_sgd and self.training.gradient_accumulation != 1:
            raise ValueError("dp_sgd draws Poisson batches: set training.gradient_accumulation to 1")
        if self.dp_sgd and self.method == "full":
            raise ValueError("dp_sgd supports method lora or qlora")
        if self.ewc and not (self.ewc.previous_model or self.continue_from):
            raise ValueError("ewc needs ewc.previous_model (or continue_from)")
        if self.ewc and self.deepspeed and self.deepspeed.stage == 3:
            raise ValueError("ewc needs whole parameters: use deepspeed.stage 0-2 with ewc")
        if self.recipe == "dp_sgd" and not self.dp_sgd:
            raise ValueError("recipe 'dp_sgd' needs a dp_sgd section")
        return self

    @property
    def model_name(self) -> str:
        return self.output_model or self.name

    @property
    def recipe_name(self) -> str:
        if self.recipe != "auto":
            return self.recipe
        return "dp_sgd" if self.dp_sgd else "causal_lm"

    @property
    def previous_model(self) -> str | None:
        return (self.ewc.previous_model if self.ewc else None) or self.continue_from

    @property
    def start_from(self) -> str | None:
        return self.continue_from or (self.ewc.previous_model if self.ewc else None)


def parse_job(data: Any, source: str = "job file") -> JobSpec:
    """Validate a parsed job document; errors name the key and the allowed values."""
    if not isinstance(data, dict):
        raise JobSpecError(f"{source}: a job file is a YAML mapping of keys (name, data, method, ...)",
                           hint="start from an example in training/examples/")
    try:
        return JobSpec.model_validate(data)
    except ValidationError as exc:
        raise JobSpecError(f"{source}: " + "; ".join(_describe(err) for err in exc.errors()[:5]),
                           hint="see docs/training.md for every key and its allowed values") from None


def load_job_file(path: str | Path) -> tuple[JobSpec, str]:
    """Read and validate a YAML job file; returns the spec and the file's text (kept for lineage)."""
    p = Path(path)
    if not p.is_file():
        raise JobSpecError(f"job file {p} does not exist", hint="pass the path of a YAML job file")
    text = p.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise JobSpecError(f"{p}: not valid YAML ({exc.__class__.__name__} at "
                           f"{getattr(exc, 'problem_mark', '?')})") from None
    return parse_job(data, str(p)), text


def _describe(err: Any) -> str:
    loc = ".".join(str(part) for part in err["loc"] if not str(part).startswith("function-"))
    kind, msg = err["type"], err["msg"]
    if kind == "extra_forbidden":
        return f"unknown key '{loc}' (allowed here: {', '.join(_allowed_keys(err['loc'][:-1]))})"
    if kind == "missing":
        return f"missing key '{loc}'"
    if kind in ("literal_error", "enum"):
        return f"key '{loc}': {err['input']!r} is not allowed; allowed values: {err['ctx']['expected']}"
    if kind == "value_error":
        return msg.removeprefix("Value error, ") + (f" (at '{loc}')" if loc else "")
    return f"key '{loc}': {msg} (got {err.get('input')!r})"


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    model: Any = JobSpec
    for part in loc:
        field = model.model_fields.get(str(part)) if isinstance(part, str) else None
        if field is None:
            for f in model.model_fields.values():
                if f.alias == part:
                    field = f
        ann = getattr(field, "annotation", None)
        model = next((a for a in getattr(ann, "__args__", (ann,)) if isinstance(a, type) and issubclass(a, BaseModel)),
                     None)
        if model is None:
            return []
    return [f.alias or name for name, f in model.model_fields.items()]
