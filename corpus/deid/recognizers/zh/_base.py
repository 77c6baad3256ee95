"""Shared base for the Chinese recognizers: subclasses yield spans, the base makes Presidio results."""

from __future__ import annotations

from typing import Iterable, NamedTuple

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from corpus.deid.recognizers.zh._lexicon import simplify_chars


class Span(NamedTuple):
    """One detection: character offsets (end exclusive), entity type and score."""

    start: int
    end: int
    entity: str
    score: float


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Union overlapping or touching spans of the same entity, keeping the highest score."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.entity, s.start, -s.end)):
        last = merged[-1] if merged else None
        if last and last.entity == span.entity and span.start <= last.end:
            merged[-1] = Span(last.start, max(last.end, span.end), last.entity, max(last.score, span.score))
        else:
            merged.append(span)
    return sorted(merged, key=lambda s: (s.start, s.end))


class ZhRecognizer(EntityRecognizer):
    """A recognizer that finds spans itself; context handling is built in, not Presidio's enhancer."""

    ENTITIES: tuple[str, ...] = ()

    def __init__(self, supported_language: str = "zh", name: str | None = None) -> None:
        super().__init__(
            supported_entities=list(self.ENTITIES),
            name=name or type(self).__name__,
            supported_language=supported_language,
            context=[],
        )

    def load(self) -> None:
        """Nothing to load by default; subclasses compile or read lexicons here."""

    def find(self, text: str) -> Iterable[Span]:
        """Yield the spans found in text."""
        raise NotImplementedError

    def analyze(
        self, text: str, entities: list[str] | None = None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Run find() and wrap the spans as RecognizerResults for the requested entities."""
        wanted = set(entities) if entities else None
        # Recognizers see Simplified text (same offsets), so one set of lexicons serves both scripts.
        simplified = simplify_chars(text)
        spans = [s for s in self.find(simplified) if s.end > s.start and (wanted is None or s.entity in wanted)]
        return [self._result(span) for span in merge_spans(spans)]

    def _result(self, span: Span) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.name, original_score=span.score, textual_explanation=span.entity
        )
        return RecognizerResult(
            entity_type=span.entity,
            start=span.start,
            end=span.end,
            score=span.score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
