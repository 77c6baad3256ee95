"""What a worker needs to de-identify: the text engine with allow/deny lists, keyed pseudonyms, the store."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from appliance.storage.layout import CURATED
from appliance.storage.s3 import ObjectStore
from corpus.sources.base import SourceSettings
from corpus.structured.keyed import pseudonym
from corpus.structured.policy import parse_policy
from corpus.structured.rules import RuleContext


@dataclass
class WorkerSpec:
    """Everything a de-identification task needs, picklable so it can travel to Ray workers."""

    source: str
    source_id: int
    settings: dict[str, Any]
    policy: dict[str, Any] | None
    policy_version: str
    key: bytes
    store: dict[str, Any]
    database_url: str | None = None
    allow: list[tuple[str, str]] = field(default_factory=list)  # (entity type or "*", term)
    deny: list[tuple[str, str]] = field(default_factory=list)  # (entity type, term)
    languages: tuple[str, ...] = ("en", "zh")
    site_model: str | None = None  # the site-trained tagger (`corpusbox deid train`), when the box has one
    site_model_sha256: str | None = None  # its content: a retrained model at the same path is a new engine

    def curated_prefix(self) -> str:
        return f"deid/{self.source}/{self.policy_version}"


@lru_cache(maxsize=2)
def engine(languages: tuple[str, ...], site_model: str | None = None, site_model_sha256: str | None = None,
           ages: str = "over_89") -> Any:
    """The registry-configured text engine (with the site's tagger when given), built once per worker process.

    ``site_model_sha256`` only keys the cache, so a model retrained at the same path is loaded afresh.
    """
    from corpus.deid.engine import DeidEngine

    return DeidEngine.from_registry(languages=languages, site_model=Path(site_model) if site_model else None,
                                    ages=ages)


class Lists:
    """Allow-list terms drop findings; deny-list terms always become findings."""

    def __init__(self, allow: list[tuple[str, str]], deny: list[tuple[str, str]]) -> None:
        self.allow = {(etype, _norm(term)) for etype, term in allow}
        self.deny = [(etype, re.compile(re.escape(term), re.IGNORECASE)) for etype, term in deny if term.strip()]

    def adjust(self, text: str, findings: list[Any]) -> list[Any]:
        from corpus.deid.engine import Finding, merge_findings

        if not self.allow and not self.deny:
            return findings
        kept = [f for f in findings if (f.entity_type, _norm(text[f.start:f.end])) not in self.allow
                and ("*", _norm(text[f.start:f.end])) not in self.allow]
        for etype, pattern in self.deny:
            kept += [Finding(m.start(), m.end(), etype, 1.0, "DenyList") for m in pattern.finditer(text)]
        return merge_findings(kept) if self.deny else kept


def _norm(value: str) -> str:
    return " ".join(value.lower().split())


class PipelineTools:
    """The `corpus.sources.base.Tools` a connector de-identifies with."""

    def __init__(self, spec: WorkerSpec, store: ObjectStore) -> None:
        from corpus.deid.policy import DeidPolicy

        self.spec, self.store = spec, store
        self.settings = SourceSettings.model_validate(spec.settings)
        self.key = spec.key
        self.policy = parse_policy(spec.policy, where=f"source {spec.source}") if spec.policy else None
        self.engine = engine(spec.languages, spec.site_model, spec.site_model_sha256, self.settings.ages)
        self.lists = Lists(spec.allow, spec.deny)
        self.text_policy = DeidPolicy.preset(self.settings.text_policy)
        self._recorded: list[Any] = []
        self.ctx = RuleContext(key=self.key, text=_RecordingText(self), noise_store=self._noise_store(),
                               dataset=getattr(self.policy, "dataset", None))

    def _noise_store(self) -> Any:
        if self.policy is None or not hasattr(self.policy, "noise_rules") or not self.policy.noise_rules():
            return None
        from appliance.db.engine import make_engine, session_factory
        from corpus.dp.noise_store import DatabaseNoiseStore

        return DatabaseNoiseStore(session_factory(make_engine(self.spec.database_url or "")))

    def analyze(self, text: str, language: str) -> tuple[list[Any], str]:
        """Findings (after allow/deny lists) and the language used for replacements."""
        findings = self.lists.adjust(text, self.engine.analyze(text, language))
        if language == "auto":
            language = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
        return findings, language

    def text(self, text: str, patient: str, policy: Any = None) -> tuple[str, list[Any], str]:
        from corpus.deid.anonymize import apply_policy

        findings, language = self.analyze(text, self.settings.language)
        new, _ = apply_policy(text, findings, policy or self.text_policy, language=language,
                              patient_key=patient, key=self.key)
        return new, findings, language

    def patient(self, raw: str | None) -> str | None:
        return pseudonym(self.key, self.settings.patient_namespace, raw) if raw else None

    def take_findings(self) -> list[Any]:
        out, self._recorded = self._recorded, []
        return out

    def put_curated(self, name: str, path: Path) -> tuple[str, str]:
        key = f"{self.spec.curated_prefix()}/objects/{name}"
        stored = self.store.put_file(CURATED, key, path)
        return key, stored.sha256 or ""


class _RecordingText:
    """TextDeidentifier for structured free-text values that also records the findings."""

    def __init__(self, tools: PipelineTools) -> None:
        self.tools = tools

    def deidentify_text(self, text: str, language: str, patient_key: str, policy: str) -> str:
        from corpus.deid.anonymize import apply_policy
        from corpus.deid.policy import DeidPolicy

        findings, lang = self.tools.analyze(text, language)
        self.tools._recorded.extend(findings)
        new, _ = apply_policy(text, findings, DeidPolicy.preset(policy), language=lang, patient_key=patient_key,
                              key=self.tools.key)
        return new
