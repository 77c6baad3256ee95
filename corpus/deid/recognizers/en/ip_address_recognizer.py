"""IPv4 and IPv6 addresses."""

import ipaddress
import re

from presidio_analyzer import Pattern, PatternRecognizer


class IpAddressRecognizer(PatternRecognizer):
    """Finds IPv4/IPv6 addresses, validated with the standard library."""

    ENTITY = "IP_ADDRESS"
    PATTERNS = [
        Pattern("ipv4", r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])", 0.6),
        Pattern("ipv6", r"(?<![\w:])(?:[0-9a-f]{1,4}:){2,7}(?::|[0-9a-f]{1,4})(?![\w:])", 0.6),
    ]
    CONTEXT = ["ip", "address", "host", "server"]

    # Every IPv4 match contains 'd.ddd.d', every IPv6 match 'h:hhhh:'.
    HINT = re.compile(r"\d\.\d{1,3}\.\d|[0-9a-f]:[0-9a-f]{1,4}:", re.I)

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(self.ENTITY, patterns=self.PATTERNS, context=self.CONTEXT,
                         supported_language=supported_language, **kwargs)

    def validate_result(self, pattern_text: str) -> bool:
        """True only for syntactically valid addresses."""
        try:
            ipaddress.ip_address(pattern_text)
        except ValueError:
            return False
        return True

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        """Skip the (slow) Presidio pattern pass when a cheap necessary condition fails."""
        if not self.HINT.search(text):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)
