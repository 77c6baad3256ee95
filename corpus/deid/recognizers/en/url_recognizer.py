"""Web addresses."""

import re

from presidio_analyzer import Pattern, PatternRecognizer


class UrlRecognizer(PatternRecognizer):
    """Finds URLs with a scheme or www., and bare domains with a common TLD."""

    ENTITY = "URL"
    PATTERNS = [
        Pattern("url_scheme", r"\b(?:https?|ftp)://[^\s<>\"']+[^\s<>\"'.,;:)]", 0.9),
        Pattern("url_www", r"\bwww\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>\"']*[^\s<>\"'.,;:)])?", 0.85),
        Pattern("domain", r"(?<![@\w.])[a-z][\w-]*(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|io|info|biz|us|uk|cn|de)\b(?!\.\w)", 0.6),
    ]
    CONTEXT = ["url", "website", "web", "site", "link", "网址", "网站"]

    # Every match contains one of these (the patterns run case-insensitively).
    HINT = re.compile(r"://|www\.|\.(?:com|org|net|edu|gov|io|info|biz|us|uk|cn|de)\b", re.I)

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(self.ENTITY, patterns=self.PATTERNS, context=self.CONTEXT,
                         supported_language=supported_language, **kwargs)

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        """Skip the (slow) Presidio pattern pass when a cheap necessary condition fails."""
        if not self.HINT.search(text):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)
