"""DeidEngine: Presidio recognizers from the registry, offline, with a fast analysis path."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from corpus.deid.entities import category_of
from corpus.deid.registry_loader import build_recognizers

if TYPE_CHECKING:
    from corpus.deid.policy import DeidPolicy

CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_RE = re.compile(r"[A-Za-z]{2}")
CHUNK_CHARS = 100_000
CHUNK_OVERLAP = 400
CONTEXT_WINDOW_CHARS = 40
CONTEXT_BOOST = 0.35


@dataclass(frozen=True)
class Finding:
    """One detected PHI span; ``end`` is exclusive."""

    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str = ""

    def to_dict(self) -> dict:
        """Plain dict for JSON output."""
        return {"start": self.start, "end": self.end, "entity_type": self.entity_type, "score": round(self.score, 3)}


@dataclass
class DeidResult:
    """Output of ``DeidEngine.deidentify``."""

    text: str
    findings: list[Finding]
    language: str
    replacements: list[tuple[Finding, str]] = field(default_factory=list)


def detect_languages(text: str) -> list[str]:
    """Languages present in ``text``: 'zh' when it has CJK ideographs, 'en' when it has Latin words."""
    langs = []
    if LATIN_RE.search(text) or not CJK_RE.search(text):
        langs.append("en")
    if CJK_RE.search(text):
        langs.append("zh")
    return langs


_category = lru_cache(maxsize=None)(category_of)


def merge_findings(findings: Iterable[Finding], echo: frozenset[str] = frozenset()) -> list[Finding]:
    """Resolve overlaps by union (recall first) and type each union.

    The union takes the type of the finding that covers most of it ('112 Broad St, Lynn MA 01902' stays a place
    when a phone number's recognizer also touches it); among findings of equal cover, the type whose category
    (NAME, LOCATION, ...) most recognizers agree on (each recognizer once), then the highest score, then the
    category more of the recognizers' rules found ('LIVES IN Hampton': the gazetteer and the after-'in' rule), then
    a recognizer that read the context over one that echoes a lexicon ('Officer Long': a name, not the town Long).
    Recognizers named in ``echo`` type their spans by looking the word up in the same lexicons as others do; they
    count for cover and score but not as a vote ('Lowell': the gazetteer says LOCATION, the name list PERSON, a
    capitalised-word rule repeats one of them).
    """
    groups: list[list] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if groups and f.start < groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], f.end)
            groups[-1][2].append(f)
        else:
            groups.append([f.start, f.end, [f]])
    merged: list[Finding] = []
    for start, end, members in groups:
        if len(members) == 1:
            merged.append(members[0])
            continue
        if all(f.entity_type == members[0].entity_type for f in members):
            best = max(members, key=lambda f: (f.end - f.start, f.score))
        else:
            voters = [(_category(f.entity_type), f.recognizer) for f in members if f.recognizer not in echo]
            votes, rules = Counter(c for c, _ in set(voters)), Counter(c for c, _ in voters)
            best = max(members, key=lambda f: (f.end - f.start, votes[_category(f.entity_type)], f.score,
                                               rules[_category(f.entity_type)], f.recognizer not in echo))
        merged.append(Finding(start, end, best.entity_type, best.score, best.recognizer))
    return merged


def _chunks(text: str) -> Iterable[tuple[int, str]]:
    """Split very long texts into overlapping windows cut at whitespace."""
    if len(text) <= CHUNK_CHARS:
        yield 0, text
        return
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind("\n", pos + CHUNK_CHARS // 2, end)
            end = cut if cut > 0 else end
        start = max(0, pos - CHUNK_OVERLAP) if pos else 0
        yield start, text[start:end]
        pos = end


class DeidEngine:
    """PHI detection and replacement over registry-configured Presidio recognizers."""

    def __init__(self, recognizers: dict[str, list], score_threshold: float = 0.4, propagate: bool = True):
        self.recognizers = recognizers
        self.propagate = propagate  # English: a name found once is masked wherever else it appears in the note
        self.languages = tuple(recognizers)
        self.score_threshold = score_threshold
        self._nlp_engine = None
        self._needs_nlp = {
            lang: any(getattr(r, "requires_nlp_artifacts", False) for r in recs)
            for lang, recs in recognizers.items()
        }
        # Recognizers whose type only repeats a lexicon's verdict: no vote when overlapping findings are typed.
        self._echo = frozenset(r.name for recs in recognizers.values() for r in recs
                               if getattr(r, "type_from_lexicons", False))

    @classmethod
    def from_registry(
        cls,
        languages: tuple[str, ...] | list[str] = ("en", "zh"),
        registry_dir: Path | None = None,
        score_threshold: float = 0.4,
        site_model: Path | None = None,
        ages: str = "over_89",
    ) -> "DeidEngine":
        """Build an engine from ``corpus/deid/registry/*.yaml`` (or another folder).

        ``site_model``: a tagger trained on the site's own labelled notes (``corpusbox deid train``), layered under
        the English rules. ``ages``: ``over_89`` (HIPAA Safe Harbor, the default) or ``all`` (every age).
        """
        from corpus.deid.ages import apply_scope, check_scope

        scope = check_scope(ages)
        recognizers = build_recognizers(tuple(languages), registry_dir)
        for recs in recognizers.values():
            apply_scope(recs, scope)
        if site_model is not None and "en" in recognizers:
            from corpus.deid.recognizers.en.site_model_recognizer import SiteModelRecognizer

            recognizers["en"].append(SiteModelRecognizer(Path(site_model)))
        return cls(recognizers, score_threshold=score_threshold)

    @property
    def nlp_engine(self):
        """The offline tokenisation engine (spaCy blank pipelines)."""
        if self._nlp_engine is None:
            from corpus.deid.nlp import BlankSpacyNlpEngine

            self._nlp_engine = BlankSpacyNlpEngine(self.languages)
            self._nlp_engine.load()
        return self._nlp_engine

    def presidio_analyzer(self):
        """A stock Presidio ``AnalyzerEngine`` with the same recognizers and the offline NLP engine."""
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

        registry = RecognizerRegistry(supported_languages=list(self.languages))
        for recs in self.recognizers.values():
            for rec in recs:
                registry.add_recognizer(rec)
        return AnalyzerEngine(
            registry=registry, nlp_engine=self.nlp_engine, supported_languages=list(self.languages)
        )

    def analyze(self, text: str, language: str = "en", entities: list[str] | None = None) -> list[Finding]:
        """Detect PHI; ``language`` is 'en', 'zh' or 'auto' (mixed documents run both)."""
        if not text:
            return []
        if language == "auto":
            langs = [lang for lang in detect_languages(text) if lang in self.recognizers] or list(self.languages)
        else:
            langs = [language]
        found: list[Finding] = []
        for lang in langs:
            if lang not in self.recognizers:
                raise ValueError(f"language {lang!r} not loaded; engine has {list(self.languages)}")
            for offset, chunk in _chunks(text):
                found.extend(self._analyze_chunk(chunk, lang, offset, entities))
        merged = merge_findings(found, self._echo)
        if self.propagate and "en" in langs and merged:
            from corpus.deid.propagate import propagate_findings

            extra = propagate_findings(text, merged)
            merged = merge_findings(merged + extra, self._echo) if extra else merged
        return merged

    def _analyze_chunk(self, text: str, lang: str, offset: int, entities: list[str] | None) -> list[Finding]:
        artifacts = self.nlp_engine.process_text(text, lang) if self._needs_nlp[lang] else None
        lowered = None
        out = []
        threshold = self.score_threshold
        for rec in self.recognizers[lang]:
            wanted = rec.supported_entities if entities is None else [e for e in rec.supported_entities if e in entities]
            if not wanted:
                continue
            context = None if getattr(rec, "handles_context", False) else getattr(rec, "context", None)
            for res in rec.analyze(text, wanted, artifacts) or []:
                score = res.score
                if context and score < 1.0:
                    lowered = text.lower() if lowered is None else lowered
                    score = self._with_context(context, lowered, res.start, score)
                if score >= threshold and res.end > res.start:
                    out.append(Finding(res.start + offset, res.end + offset, res.entity_type, score, rec.name))
        return out

    @staticmethod
    def _with_context(context: list[str], lowered: str, start: int, score: float) -> float:
        """Presidio-style context boost, by character window so it also works without spaces (zh).

        The caller decides whether a recognizer's context words apply (it has some, does not handle them itself, and
        the score is below 1); this only looks for one of them just before ``start``.
        """
        window = lowered[max(0, start - CONTEXT_WINDOW_CHARS) : start]
        if any(word.lower() in window for word in context):
            return min(1.0, score + CONTEXT_BOOST)
        return score

    def deidentify(
        self,
        text: str,
        language: str = "en",
        policy: "DeidPolicy | None" = None,
        patient_key: str = "",
        key: bytes = b"",
    ) -> DeidResult:
        """Detect PHI and replace it according to ``policy`` (default: typed tags)."""
        from corpus.deid.anonymize import apply_policy
        from corpus.deid.policy import DeidPolicy

        findings = self.analyze(text, language)
        lang = language if language != "auto" else ("zh" if CJK_RE.search(text) else "en")
        new_text, replacements = apply_policy(
            text, findings, policy or DeidPolicy(), language=lang, patient_key=patient_key, key=key
        )
        return DeidResult(text=new_text, findings=findings, language=lang, replacements=replacements)
