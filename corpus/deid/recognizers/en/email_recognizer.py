"""E-mail addresses."""

from presidio_analyzer import Pattern, PatternRecognizer


class EmailRecognizer(PatternRecognizer):
    """Finds e-mail addresses."""

    ENTITY = "EMAIL"
    PATTERNS = [Pattern("email", r"\b[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}\b", 0.9)]
    CONTEXT = ["email", "e-mail", "mail"]

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(self.ENTITY, patterns=self.PATTERNS, context=self.CONTEXT,
                         supported_language=supported_language, **kwargs)
