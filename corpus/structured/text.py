"""The seam to the free-text engine: a one-method Protocol and the adapter to ``corpus.deid``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable


@runtime_checkable
class TextDeidentifier(Protocol):
    """Anything that turns a free-text value into its de-identified form."""

    def deidentify_text(self, text: str, language: str, patient_key: str, policy: str) -> str:
        """De-identified ``text``; ``policy`` names a text-engine preset (tags, surrogates, ...)."""
        ...


class EngineTextDeidentifier:
    """Adapter from ``corpus.deid.engine.DeidEngine`` to :class:`TextDeidentifier`."""

    def __init__(self, engine: object, key: bytes) -> None:
        self._engine = engine
        self._key = key

    @classmethod
    def default(cls, key: bytes, languages: tuple[str, ...] = ("en", "zh"),
                site_model: str | None = None) -> "EngineTextDeidentifier":
        """The registry-configured engine for ``languages`` (built once per process), with the site's tagger under the
        rules when ``site_model`` names one (`corpusbox deid train`), as the pipeline runs it."""
        return cls(_engine(languages, site_model), key)

    def deidentify_text(self, text: str, language: str, patient_key: str, policy: str) -> str:
        """Run the engine with the named preset; the patient key drives shifts and surrogates."""
        from corpus.deid.policy import DeidPolicy

        result = self._engine.deidentify(  # type: ignore[attr-defined]
            text, language=language, policy=DeidPolicy.preset(policy), patient_key=patient_key, key=self._key
        )
        return result.text


@lru_cache(maxsize=2)
def _engine(languages: tuple[str, ...], site_model: str | None = None) -> object:
    from corpus.deid.engine import DeidEngine

    return DeidEngine.from_registry(languages=languages, site_model=Path(site_model) if site_model else None)
