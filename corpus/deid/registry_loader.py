"""Load recognizers named in registry YAML files (``corpus/deid/registry/*.yaml``)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

REGISTRY_DIR = Path(__file__).parent / "registry"


class RecognizerEntry(BaseModel):
    """One recognizer in a registry file."""

    cls: str = Field(alias="class", description="Dotted path of an EntityRecognizer subclass")
    languages: list[str] = Field(default_factory=lambda: ["en"], description="Languages it runs for")
    enabled: bool = Field(default=True, description="False keeps the entry but does not load it")
    params: dict[str, Any] = Field(default_factory=dict, description="Constructor keyword arguments")


class RegistryFile(BaseModel):
    """A registry YAML file: a list of recognizer entries."""

    recognizers: list[RecognizerEntry] = Field(default_factory=list)


def load_registry_file(path: Path) -> RegistryFile:
    """Parse and validate one registry YAML file."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return RegistryFile.model_validate(data)


def import_class(dotted: str) -> type:
    """Import ``package.module.ClassName``."""
    module_name, _, class_name = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), class_name)


def build_recognizers(
    languages: tuple[str, ...] | list[str], registry_dir: Path | None = None
) -> dict[str, list]:
    """Instantiate the enabled recognizers for each language from all registry files."""
    registry_dir = Path(registry_dir or REGISTRY_DIR)
    out: dict[str, list] = {lang: [] for lang in languages}
    for path in sorted(registry_dir.glob("*.yaml")):
        for entry in load_registry_file(path).recognizers:
            if not entry.enabled:
                continue
            for lang in entry.languages:
                if lang in out:
                    out[lang].append(import_class(entry.cls)(supported_language=lang, **entry.params))
    return out
