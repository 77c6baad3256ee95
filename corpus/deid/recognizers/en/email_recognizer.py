"""E-mail addresses."""

import re

from presidio_analyzer import Pattern, PatternRecognizer


class EmailRecognizer(PatternRecognizer):
    """Finds e-mail addresses."""

    ENTITY = "EMAIL"
    PATTERNS = [Pattern("email", r"\b[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}\b", 0.9)]
    CONTEXT = ["email", "e-mail", "mail"]

    # Every match contains '@' (a necessary condition checked before the pattern pass).
    HINT = re.compile("@")

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(self.ENTITY, patterns=self.PATTERNS, context=self.CONTEXT,
                         supported_language=supported_language, **kwargs)

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        """Skip the (slow) Presidio pattern pass when a cheap necessary condition fails."""
        if not self.HINT.search(text):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)
