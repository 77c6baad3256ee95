"""Web addresses."""

import re

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.alternation import by_first_letter, guarded


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
    # A social-media handle after its platform and a colon or an at sign: 'Facebook: ingrid.quorvath.5',
    # 'twitter @iquorvath', 'Instagram - @kettleby_knits'.
    PLATFORMS = ("facebook", "twitter", "instagram", "snapchat", "tiktok", "linkedin", "skype", "whatsapp",
                 "telegram", "youtube", "reddit", "mastodon", "threads")
    SOCIAL = guarded(re.compile(
        r"\b(?i:" + by_first_letter("|".join(PLATFORMS)) + r")(?:[ \t]+(?i:handle|name|id|account|page))?"
        r"[ \t]*(?:[:=-][ \t]*@?|@)(?P<h>[A-Za-z0-9_][\w.-]{1,40}[A-Za-z0-9_])"))

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(self.ENTITY, patterns=self.PATTERNS, context=self.CONTEXT,
                         supported_language=supported_language, **kwargs)

    @staticmethod
    def _handle(text: str, m: re.Match) -> bool:
        """After '@', or built like a handle (a digit, dot or underscore), or a word no dictionary holds ('Skype: call
        at 3pm' names no account)."""
        h = m["h"].lower()
        if text[m.start("h") - 1] == "@" or any(c.isdigit() or c in "._" for c in h):
            return True
        return h not in lexicons.vocabulary() and h not in lexicons.stop_words()

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        """Skip the (slow) Presidio pattern pass when a cheap necessary condition fails."""
        low = text.lower()
        out = [RecognizerResult(self.ENTITY, m.start("h"), m.end("h"), 0.8) for m in self.SOCIAL.finditer(text)
               if self._handle(text, m)] if any(w in low for w in self.PLATFORMS) else []
        if not self.HINT.search(text):
            return out
        return super().analyze(text, entities, nlp_artifacts, regex_flags) + out
