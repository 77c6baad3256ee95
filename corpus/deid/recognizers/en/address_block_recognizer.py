"""International street lines and address blocks: '6750 Koskikatu 25 Apt. 864', 'Via Franscini 71', 'PSC 0413, Box 8144'."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.base import RuleRecognizer
from corpus.deid.recognizers.en.name_tokens import bare

L = r"[^\W\d_]"
NAME = rf"(?:[A-ZÀ-ÞĀ-Ž]{L}*(?:[-'’]{L}+)*\.?|(?:do|da|de|del|der|di|du|la|le|van|von|u\.|tér|út|str\.?|utca|ulica|ul\.|rue|calle|via|rua|av\.?)(?![\w.]))"
UNIT = r"(?:,?[ \t]*(?i:apt|apartment|suite|ste|unit|flat|fl|room|#)\.?[ \t]*#?\d+[A-Za-z]?)"
NUMBER_FIRST = re.compile(rf"(?<![\w.,/-])\d{{1,6}}[A-Za-z]?(?:[ \t]+\d{{1,4}})?(?:[ \t]+{NAME}){{1,5}}(?:[ \t]+\d{{1,5}}[A-Za-z]?\b\.?)?{UNIT}?")
NAME_FIRST = re.compile(rf"(?<![\w-])(?:{NAME}[ \t]+){{0,2}}[A-ZÀ-ÞĀ-Ž]{L}{{3,}}(?:[ \t]+{NAME}){{0,2}}[ \t]+\d{{1,5}}[A-Za-z]?\b\.?(?:[ \t]+(?i:street|st\.?|str\.?))?(?=[ \t]*(?:,|\n|$|[.?!](?:[ \t\n]|$)|[ \t]+(?i:the|in|for|after)\b|{UNIT}))")
# Military and ship addresses in any case: 'PSC 0413, Box 8144', 'unit 4526 box 0671', 'dpo ap 40902', 'USCGC Hale'.
MILITARY = re.compile(r"\b(?i:psc|cmr|unit)[ \t]+\d{3,5},?[ \t]+(?i:box)[ \t]+\d{3,5}|\b(?i:apo|fpo|dpo)[ \t]+(?i:a[aep])[ \t]+\d{5}"
                      r"|\b(?:US[NS]S|USNV|USCGC|uscgc|usns|usnv|uss)[ \t]+[A-Za-z][a-z]+")
PO_BOX = re.compile(r"(?<![\w.])(?:\d{1,6}[ \t]+)?(?i:p\.?[ \t]?o\.?[ \t]?box)[ \t]+\d+")
# Starts only at a word's first letter, letter runs possessive: a match from inside a word would end where the
# word's own match ends, so these only skip attempts that cannot succeed (3x faster, same matches).
POSTCODE_AFTER_PLACE = re.compile(rf"(?<!{L})(?P<p>{L}{{2,}}+(?:[ \t]+{L}++)?)[ \t]*,?[ \t]+(?P<z>\d{{4,6}}(?:-\d{{3,4}})?|\d{{3}} \d{{2}})(?![\w/:%-]|[.,]\d)")
WORDISH = rf"{L}(?:{L}|[.'’-])*"
BLOCK_LINE = re.compile(rf"^[ \t]*,?[ \t]*(?:{WORDISH}|\d{{4,6}})(?:[ \t,]+(?:{WORDISH}|\d{{4,6}}|\(\w+\))){{0,3}}[ \t]*$")
DIGIT = re.compile(r"\d")
JUNK = re.compile(r"^[ \t]*[?•*>·-]+[ \t]")  # '??? ' or '• ' in front of an address line
# 'KNIVSTA, LL 18237 after the concert': a block's last line may run on into prose after its postcode.
POSTCODE_LINE_HEAD = re.compile(rf"^[ \t]*,?[ \t]*(?:{WORDISH}[ \t,]+){{0,3}}\d{{4,6}}(?:-\d{{3,4}})?(?![\w/.:-])")
UNIT_LINE = re.compile(r"[ \t]*(?:apt|apartment|suite|ste|unit|flat|fl|room)\.?[ \t]*#?\d+[A-Za-z]?[ \t]*", re.I)
# Street types written before the name: 'Rue de Tanger', 'Via dei Fiorentini', 'ul. Grochowa', 'Avenida Praia'.
PREFIX_TYPES = frozenset("rue via viale avenida avenue av calle rua strada piazza plaza paseo camino carrer chemin "
                         "boulevard ul ulica aleja praça praca travessa largo rambla corso".split())
STATES = frozenset("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC "
                   "ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AA AE AP".split())
CONTEXT = re.compile(r"\b(?:address|lives?|living|moved|reside[sd]?|office|located|send|ship|mail(?:ed)?|deliver|visit|"
                     r"drop(?:s|ped)?|corner|street|house|home)\b", re.I)


class AddressBlockRecognizer(RuleRecognizer):
    """Street lines in US and European orders, military addresses, postcodes after a place, and the lines that follow."""

    ENTITY = "LOCATION"

    def load(self) -> None:
        """Load the lexicons once."""
        lexicons.vocabulary()
        lexicons.places()

    def analyze(self, text, entities, nlp_artifacts=None):
        """Street lines (with their block), military addresses and place + postcode pairs."""
        if not DIGIT.search(text):
            return []  # every rule here is anchored on a house number, box number or postcode
        spans: list[tuple[int, int]] = []
        # At least a third lower case: short address blocks with an upper-case town ('TYSTBERGA') still count.
        mixed_case = 2 * sum(map(str.islower, text)) >= sum(map(str.isupper, text))
        for rx in (NUMBER_FIRST, NAME_FIRST) if mixed_case else ():
            for m in rx.finditer(text):
                if self._street_like(text, m):
                    spans.append((m.start(), m.end()))
        spans += [(m.start(), m.end()) for m in MILITARY.finditer(text)]
        spans += [(m.start(), m.end()) for m in PO_BOX.finditer(text)]  # so the town lines after a PO box are found too
        for m in POSTCODE_AFTER_PLACE.finditer(text):
            if self._place_word(m["p"]):
                spans.append((m.start("z"), m.end("z")))
        spans += self._block_lines(text, spans)
        return [RecognizerResult(self.ENTITY, s, e, 0.65) for s, e in spans]

    @staticmethod
    def _proper(word: str) -> bool:
        w = bare(word)
        return (len(w) > 1 and not word.isupper() and w not in lexicons.vocabulary() and w not in lexicons.stop_words()
                and w not in lexicons.clinical_terms())

    def _street_like(self, text: str, m: re.Match) -> bool:
        """Needs a proper-noun word, and a house number at both ends, a unit, or an address cue nearby."""
        words = re.findall(WORDISH, m.group())
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start : text.find("\n", m.end()) if "\n" in text[m.end() :] else len(text)]
        if sum(map(str.isupper, line)) > sum(map(str.islower, line)):
            return False
        typed = m.group()[0].isdigit() and self._street_typed(words)
        if not typed and not any(self._proper(w) for w in words):
            return False
        starts_num, ends_num = m.group()[0].isdigit(), bool(re.search(r"\d[A-Za-z]?\.?$", m.group()))
        unit = re.search(r"(?i)\b(?:apt|apartment|suite|ste|unit|flat)\b", m.group())
        line_end = re.match(r"[ \t]*(?:,|\n|$)", text[m.end() :])
        cue = CONTEXT.search(text, max(0, m.start() - 60), m.start())
        return bool((starts_num and ends_num) or unit or cue or typed or (ends_num and line_end and len(words) <= 3))

    @staticmethod
    def _street_typed(words: list[str]) -> bool:
        """'5521 Countess Close', '31 Rue de Tanger': a street-type word after a name, or one opening the street name."""
        if len(words) < 2:
            return False
        suffixes = lexicons.street_suffixes()
        if bare(words[0]) in PREFIX_TYPES:
            return bare(words[1]) not in lexicons.stop_words()
        return any(w[:1].isupper() and bare(w) in suffixes for w in words[1:])

    @staticmethod
    def _place_word(word: str) -> bool:
        parts = word.split()
        if len(parts) == 2 and len(parts[1]) <= 3 and parts[1].lower() not in lexicons.stop_words():
            word = parts[0]  # 'København K 1421', 'Tokoza Ext 1426': a district letter or abbreviation after the town
        w = word.lower()
        last = w.split()[-1]
        if last in lexicons.stop_words() or last in lexicons.clinical_terms():
            return False
        if w in lexicons.places() or last in lexicons.places() or word.split()[-1] in STATES:
            return True
        last_word = word.split()[-1]  # 'in Bjert 6091': the place is the last word, 'in' is not part of it
        return last_word[:1].isupper() and not last_word.isupper() and last not in lexicons.vocabulary()

    @staticmethod
    def _block_lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Up to four short lines (unit, town, ', ST', 'Country 12345') right after a street line."""
        out = []
        for _, end in spans:
            pos = text.find("\n", end)
            if pos < 0 or text[end:pos].strip(" ,.") and not re.fullmatch(r"[ \t,]*" + UNIT + r"?[ \t.]*", text[end:pos], re.I):
                continue
            blank = 0
            for _ in range(5):
                nxt = text.find("\n", pos + 1)
                nxt = len(text) if nxt < 0 else nxt
                line = JUNK.sub("", text[pos + 1 : nxt], count=1)
                if not line.strip() and not blank:
                    blank, pos = 1, nxt  # one blank line may separate the town from 'Country 12345'
                    continue
                head = None if BLOCK_LINE.match(line) or UNIT_LINE.fullmatch(line) else POSTCODE_LINE_HEAD.match(line)
                if head:
                    out.append((nxt - len(line) + head.start(), nxt - len(line) + head.end()))
                if head or not line.strip() or not (BLOCK_LINE.match(line) or UNIT_LINE.fullmatch(line)):
                    break
                s = nxt - len(line) + len(line) - len(line.lstrip(" \t,"))
                out.append((s, nxt))
                pos = nxt
        return out
