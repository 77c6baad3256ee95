"""IPv4 and IPv6 addresses inside CJK text (ASCII look-arounds instead of \\b)."""

from __future__ import annotations

import ipaddress
import re
from typing import Iterator

from corpus.deid.entities import EntityType
from corpus.deid.recognizers.zh._base import Span, ZhRecognizer


class CjkIpAddressRecognizer(ZhRecognizer):
    """Finds valid IPv4 (each octet <= 255) and IPv6 addresses next to Chinese text."""

    ENTITY = EntityType.IP_ADDRESS.value
    ENTITIES = (ENTITY,)
    IPV4 = re.compile(r"(?<![0-9.])(?:\d{1,3}\.){3}\d{1,3}(?![0-9]|\.\d)")
    IPV6 = re.compile(r"(?<![0-9A-Za-z:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Za-z:])")
    SCORE = 0.9

    def find(self, text: str) -> Iterator[Span]:
        """Yield addresses that parse as IP addresses."""
        for pattern in (self.IPV4, self.IPV6):
            for m in pattern.finditer(text):
                if len(m.group(0)) >= 6 and self.valid(m.group(0)):
                    yield Span(m.start(), m.end(), self.ENTITY, self.SCORE)

    @staticmethod
    def valid(candidate: str) -> bool:
        """True when the string is a syntactically valid IPv4 or IPv6 address."""
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            return False
        return True
