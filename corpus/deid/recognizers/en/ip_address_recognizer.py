"""IPv4 and IPv6 addresses."""

import ipaddress

from presidio_analyzer import Pattern, PatternRecognizer


class IpAddressRecognizer(PatternRecognizer):
    """Finds IPv4/IPv6 addresses, validated with the standard library."""

    ENTITY = "IP_ADDRESS"
    PATTERNS = [
        Pattern("ipv4", r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])", 0.6),
        Pattern("ipv6", r"(?<![\w:])(?:[0-9a-f]{1,4}:){2,7}(?::|[0-9a-f]{1,4})(?![\w:])", 0.6),
    ]
    CONTEXT = ["ip", "address", "host", "server"]

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
