"""Offline Presidio NLP engine built on spaCy blank tokenizers (no model download)."""

from __future__ import annotations

from typing import Iterable, Iterator

from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine


class BlankSpacyNlpEngine(NlpEngine):
    """Tokenisation-only NLP engine: ``spacy.blank(lang)`` per language, no NER, no download.

    Chinese uses spaCy's character segmenter, so every CJK character is a token.
    """

    engine_name = "blank_spacy"
    is_available = True

    def __init__(self, languages: Iterable[str] = ("en",)):
        self.languages = list(dict.fromkeys(languages))
        self.nlp: dict | None = None

    def load(self) -> None:
        """Create the blank pipelines."""
        import spacy

        self.nlp = {lang: spacy.blank(lang) for lang in self.languages}

    def is_loaded(self) -> bool:
        """True once pipelines exist."""
        return self.nlp is not None

    def _pipeline(self, language: str):
        if self.nlp is None:
            self.load()
        if language not in self.nlp:
            raise ValueError(f"language {language!r} is not loaded (have {self.languages})")
        return self.nlp[language]

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        """Tokenise one text; entities are empty (recognizers do all detection)."""
        doc = self._pipeline(language)(text)
        return self._artifacts(doc, language)

    def process_batch(
        self, texts: Iterable[str], language: str, batch_size: int = 1, n_process: int = 1, **kwargs
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        """Tokenise many texts."""
        texts = list(texts)
        for text, doc in zip(texts, self._pipeline(language).pipe(texts, batch_size=batch_size)):
            yield text, self._artifacts(doc, language)

    def _artifacts(self, doc, language: str) -> NlpArtifacts:
        return NlpArtifacts(
            entities=[],
            tokens=doc,
            tokens_indices=[t.idx for t in doc],
            lemmas=[t.lower_ for t in doc],
            nlp_engine=self,
            language=language,
        )

    def is_stopword(self, word: str, language: str) -> bool:
        """spaCy's stop-word list for the language."""
        return self._pipeline(language).vocab[word].is_stop

    def is_punct(self, word: str, language: str) -> bool:
        """True for punctuation tokens."""
        return self._pipeline(language).vocab[word].is_punct

    def get_supported_entities(self) -> list[str]:
        """No NER entities: detection is done by recognizers."""
        return []

    def get_supported_languages(self) -> list[str]:
        """Languages with a loaded pipeline."""
        return list(self.languages)
