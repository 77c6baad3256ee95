"""The site-trained tagger (corpus.deid.learned) as a recognizer: it adds spans under the rules, never removes one."""

from __future__ import annotations

from pathlib import Path

from presidio_analyzer import EntityRecognizer, RecognizerResult

from corpus.deid.learned import DEFAULT_THRESHOLD, KNOWN_TYPES, SiteTagger


class SiteModelRecognizer(EntityRecognizer):
    """PHI spans from a CRF trained on the site's own labelled notes (`corpusbox deid train`)."""

    def __init__(self, model_path: Path, threshold: float = DEFAULT_THRESHOLD, supported_language: str = "en") -> None:
        self.tagger = SiteTagger(Path(model_path), threshold)
        super().__init__(supported_entities=sorted(KNOWN_TYPES), supported_language=supported_language,
                         name="SiteModelRecognizer")

    def load(self) -> None:
        """The model is opened in the constructor."""

    def analyze(self, text, entities, nlp_artifacts=None):
        """One result per run of tokens the model tags as PHI."""
        return [RecognizerResult(etype, s, e, max(0.45, min(p, 0.95))) for s, e, etype, p in self.tagger.spans(text)
                if etype in entities]
