"""The shared shape of the English rule recognizers: entities from class attributes, optional lexicon loading."""

from __future__ import annotations

from typing import Any, ClassVar

from presidio_analyzer import EntityRecognizer


class RuleRecognizer(EntityRecognizer):
    """A recognizer whose entities are `ENTITY` plus `ALSO`; subclasses override `load` to warm lexicons."""

    ENTITY: ClassVar[str]
    ALSO: ClassVar[tuple[str, ...]] = ()

    def __init__(self, supported_language: str = "en", **kwargs: Any) -> None:
        super().__init__(supported_entities=[self.ENTITY, *self.ALSO], supported_language=supported_language,
                         **kwargs)

    def load(self) -> None:
        """Nothing to load unless a subclass warms its lexicons here (so the first note does not pay)."""
