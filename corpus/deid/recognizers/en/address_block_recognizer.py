"""International street lines and address blocks: '6750 Koskikatu 25 Apt. 864', 'Via Franscini 71', 'PSC 0413, Box 8144'."""

import re
from functools import lru_cache

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.alternation import guarded
from corpus.deid.recognizers.en.base import RuleRecognizer
from corpus.deid.recognizers.en.name_tokens import SCALE_NAMES, bare, case_counts, upper_heavy

L = r"[^\W\d_]"
CAP = "A-ZÀ-ÞĀ-ŽΆ-ΏΑ-ΩЀ-Я"  # Latin, Greek and Cyrillic capitals (Ā-Ž holds both cases)
NAME = rf"(?:[{CAP}]{L}*(?:[-'’]{L}+)*\.?|(?:do|da|de|del|der|di|du|la|le|van|von|u\.|tér|út|str\.?|utca|ulica|ul\.|rue|calle|via|rua|av\.?)(?![\w.]))"
UNIT = r"(?:,?[ \t]*(?i:apt|apartment|suite|ste|unit|flat|fl|room|#)\.?[ \t]*#?\d+[A-Za-z]?)"
NUMBER_FIRST = guarded(re.compile(rf"(?<![\w.,/-])\d{{1,6}}[A-Za-z]?(?:[ \t]+\d{{1,4}})?(?:[ \t]+{NAME}){{1,5}}(?:[ \t]+\d{{1,5}}[A-Za-z]?\b\.?)?{UNIT}?"))
NAME_FIRST = re.compile(rf"(?<![\w-])(?:{NAME}[ \t]+){{0,2}}[{CAP}]{L}{{3,}}(?:[ \t]+{NAME}){{0,2}}[ \t]+\d{{1,5}}[A-Za-z]?\b\.?(?:[ \t]+(?i:street|st\.?|str\.?))?(?=[ \t]*(?:,|\n|$|[.?!](?:[ \t\n]|$)|[ \t]+(?i:the|in|for|after)\b|{UNIT}))")
# Military and ship addresses in any case: 'PSC 0413, Box 8144', 'unit 4526 box 0671', 'dpo ap 40902', 'USCGC Hale'.
MILITARY = guarded(re.compile(r"\b(?i:psc|cmr|unit)[ \t]+\d{3,5},?[ \t]+(?i:box)[ \t]+\d{3,5}|\b(?i:apo|fpo|dpo)[ \t]+(?i:a[aep])[ \t]+\d{5}"
                      r"|\b(?:US[NS]S|USNV|USCGC|uscgc|usns|usnv|uss)[ \t]+[A-Za-z][a-z]+"))
PO_BOX = guarded(re.compile(r"(?<![\w.])(?:\d{1,6}[ \t]+)?(?i:p\.?[ \t]?o\.?[ \t]?box|postbox)[ \t]+\d+"))
# Starts only at a word's first letter, letter runs possessive: a match from inside a word would end where the
# word's own match ends, so these only skip attempts that cannot succeed (3x faster, same matches).
POSTCODE_AFTER_PLACE = re.compile(rf"(?<!{L})(?P<p>{L}{{2,}}+(?:[ \t]+{L}++)?)[ \t]*,?[ \t]+(?P<z>\d{{4,6}}(?:-\d{{3,4}})?|\d{{3}} \d{{2}})(?![\w/:%-]|[.,]\d)")
WORDISH = rf"{L}(?:{L}|[.'’-])*"
# Postcodes with letters, a hyphen or a space on an address-block line: 'B0J 2H0', 'SW1A 1AA', '53-320', '340 12'.
POSTCODE = r"(?:\d{4,6}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|\d{2}-\d{3}|\d{3}[ \t]\d{2})"
BLOCK_LINE = re.compile(rf"^[ \t]*,?[ \t]*(?:{WORDISH}|{POSTCODE})(?:[ \t,]+(?:{WORDISH}|{POSTCODE}|\(\w+\))){{0,3}}[ \t]*$")
DIGIT = re.compile(r"\d")
LINE_END = re.compile(r"[ \t]*(?:,|\n|$)")
JUNK = re.compile(r"^[ \t]*(?:[?•*>·-]+[ \t]|>+)")  # '??? ', '• ' or '>' in front of an address line
# 'KNIVSTA, LL 18237 after the concert': a block's last line may run on into prose after its postcode.
POSTCODE_LINE_HEAD = re.compile(rf"^[ \t]*,?[ \t]*(?:{WORDISH}[ \t,]+){{0,3}}\d{{4,6}}(?:-\d{{3,4}})?(?![\w/.:-])")
UNIT_LINE = re.compile(r"[ \t]*(?:apt|apartment|suite|ste|unit|flat|fl|room)\.?[ \t]*#?\d+[A-Za-z]?[ \t]*", re.I)
# Street types written before the name: 'Rue de Tanger', 'Via dei Fiorentini', 'ul. Grochowa', 'Avenida Praia'.
PREFIX_TYPES = frozenset("rue via viale avenida avenue av calle rua strada piazza plaza paseo camino carrer chemin "
                         "boulevard ul ulica aleja praça praca travessa largo rambla corso".split())
# International street lines, anchored on a house number and a street-type word from intl_street_types.txt:
# 'Friedhofstrasse 33', 'Luite tee 87', 'Via dei Fiorentini 17', 'ul. Miła 53', '770 26 rue des lieutemants Thomazo'.
# A house number: not a decimal, time, ratio or dose ('via 20g IV 2 mg', 'dose 2 units').
HOUSE_NUMBER = guarded(re.compile(r"(?<![\w.,/:+-])\d{1,6}(?![\w/:%°+-]|[.,]\d)(?![ \t]*(?i:mg|mcg|ml|cc|g|kg|l|units?|u|x|hrs?|"
                          r"hours?|mins?|minutes?|days?|wks?|weeks?|am|pm|mmhg|bpm|times|tabs?|mm|cm)\b)"))
TOK = rf"(?:[cC]/|{L}+(?:['’.-]{L}+)*\.?)"
WORD_BEFORE = re.compile(rf"(?<![^\s>(])({TOK})[ \t]+$")  # the word right before a position, on the same line
BUILDING_BEFORE = re.compile(r"(?<![\w.,/:-])\d{1,6}(?:[ \t]+\d{1,4})?[ \t]+$")
PREFIX_AFTER = re.compile(rf"[ \t]+(?:(?P<second>\d{{1,4}})[ \t]+)?(?P<pre>{TOK})(?P<names>(?:[ \t]+{TOK}){{1,5}})")
UNITS_AFTER = re.compile(rf"(?:(?:\.|[ \t]+\d{{1,4}})?(?={UNIT}))?{UNIT}{{0,2}}")  # '13. Suite 104', '65 22 Suite 455'
TAIL_TOKEN = re.compile(rf",?[ \t]+(?P<t>{TOK}|\d{{4,6}}|\(\w+\))")
UNIT_WORD = re.compile(r"(?i:apt|apartment|suite|ste|unit|flat|fl|room)\b")
# Labels of the phone, fax or e-mail that often follow an address on its line: they end the address's tail.
CONTACT_LABELS = frozenset("ph phone tel tele telephone fax cell mobile mob pager beeper email e-mail".split())
TYPE_ABBREVIATIONS = frozenset("st str rd ave av blvd dr ln ct pl hwy pkwy".split())  # '2437 Main St Suite 442'
# Lower-case words inside a street name: 'Via dei Fiorentini', 'Rua Vinte e Cinco de Setembro', 'trg revolucije'.
CONNECTORS = frozenset("de del dei della delle degli di da do dos das du des d la le les los las el e y i a al och og "
                       "und van von der den het ter z u v na pod nad".split())
STATES = frozenset("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC "
                   "ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AA AE AP".split())
# Vital-sign and lab labels: the number after one is a reading ('HR 70s AV-Paved. SBP 80s').
VITAL_BEFORE = guarded(re.compile(r"\b(?i:hr|bp|sbp|dbp|map|rr|t|temp|sats?|spo2|o2|cvp|pap|pad|co|ci|svr|hct|hgb|k|na|wbc|plt|"
                          r"inr|ptt|bs|fs|uo|u/o|tv|peep|fio2|ps|rate|gluc(?:ose)?)[ \t:=]*(?:~|of|at|in the)?[ \t]*$"))
CONTEXT = guarded(re.compile(r"\b(?:address|lives?|living|moved|reside[sd]?|office|located|send|ship|mail(?:ed)?|deliver|visit|"
                     r"drop(?:s|ped)?|corner|street|house|home)\b", re.I))


@lru_cache(maxsize=None)
def _intl_types() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(prefix types, suffix types, risky types): risky ones are also English words ('via', 'gate') or 1-2 letters."""
    types = lexicons.intl_street_types()
    prefixes = frozenset(t for t in types if not t.startswith("-"))
    suffixes = frozenset(t[1:] for t in types if t.startswith("-"))
    vocab = lexicons.vocabulary()
    risky = frozenset(t for t in prefixes | suffixes
                      if t.rstrip(".") in vocab or t.rstrip(".") in lexicons.stop_words() or len(t.rstrip("./")) <= 2)
    return prefixes, suffixes, risky - {"ul."}


def _name_word(word: str) -> bool:
    """A word that may stand inside a street name: not a function word (but 'de', 'dei', 'e'), not a clinical term."""
    w = bare(word)
    return w in CONNECTORS or (w not in lexicons.stop_words() and w not in lexicons.clinical_terms())


def _uncommon(word: str) -> bool:
    """Two or more letters, not all capitals, not common English or a function word: 'Fiorentini', 'Συγγρού'; not a
    scale's or device's eponym ('Modified Rankin 4, Barthel 25' are scores)."""
    w = bare(word)
    return len(w) > 1 and not word.isupper() and w not in lexicons.vocabulary() and w not in lexicons.stop_words() and (
        w not in lexicons.eponyms() and w not in SCALE_NAMES)


def _proper(word: str) -> bool:
    """An uncommon word that is not a street-name connector ('de', 'dei'): 'Fiorentini', 'hersnap', 'Συγγρού'."""
    return _uncommon(word) and bare(word) not in CONNECTORS


def _words_before(text: str, pos: int, limit: int = 8) -> list[tuple[int, str]]:
    """Up to ``limit`` words right before ``pos`` on its line, nearest first, as (start, word)."""
    out: list[tuple[int, str]] = []
    while len(out) < limit:
        m = WORD_BEFORE.search(text, max(0, pos - 40), pos)
        if not m:
            break
        out.append((m.start(1), m.group(1)))
        pos = m.start(1)
    return out


def _glued(word: str) -> str | None:
    """The suffix type a single word ends with ('Hammarvägen' -> 'vägen'), if the word is no English word or name."""
    w = word.lower()
    _, suffixes, _ = _intl_types()
    suffix = next((w[k:] for k in range(3, len(w) - 2) if w[k:] in suffixes), None)
    if not suffix or word.isupper() or not _proper(word) or lexicons.is_name_word(w):
        return None
    return None if lexicons.is_misspelling(w) else suffix


def _typed_start(words: list[tuple[int, str]]) -> tuple[int, bool] | None:
    """(start, weak) of a typed street name ending before a house number; weak: it needs a building number or cue."""
    prefixes, suffixes, risky = _intl_types()
    first = words[0][1]
    low = first.lower()
    if len(words) > 1 and low in suffixes and not first.isupper() and _name_word(words[1][1]):
        # 'Rákóczi út 13', 'Trenerys gate 232': a suffix type as its own word after a name
        if low not in risky or _proper(words[1][1]):
            return _name_start(words, 1), False
    glued = _glued(first)
    if glued:
        return _name_start(words, 0), glued in risky and not first[0].isupper()
    for i, (start, word) in enumerate(words):
        low = word.lower()
        if i and low in prefixes and any(_proper(w) for _, w in words[:i]):
            return start, low in risky and not word[0].isupper()
        if i and low in prefixes and any(w[0].isupper() and not w.isupper() for _, w in words[:i]):
            return start, True  # 'Via delle Coste 41': only common words in the name, so it needs more evidence
        if not _name_word(word):
            return None
    return None


def _name_start(words: list[tuple[int, str]], i: int) -> int:
    """Extend a street name back over up to two more capitalised or unusual words ('Árpád fejedelem útja')."""
    for j in range(i + 1, min(i + 3, len(words))):
        word = words[j][1]
        if bare(word) in lexicons.stop_words() or not (word[0].isupper() or _proper(word)) or word.isupper():
            break
        i = j
    return words[i][0]


class AddressBlockRecognizer(RuleRecognizer):
    """Street lines in US and European orders, military addresses, postcodes after a place, and the lines that follow."""

    ENTITY = "LOCATION"

    def load(self) -> None:
        """Load the lexicons once."""
        lexicons.vocabulary()
        lexicons.places()
        lexicons.street_suffixes()
        _intl_types()

    def analyze(self, text, entities, nlp_artifacts=None):
        """Street lines (with their block), military addresses and place + postcode pairs."""
        if not DIGIT.search(text):
            return []  # every rule here is anchored on a house number, box number or postcode
        spans: list[tuple[int, int]] = []
        # At least a third lower case: short address blocks with an upper-case town ('TYSTBERGA') still count.
        upper, lower = case_counts(text)
        mixed_case = 2 * lower >= upper
        for rx in (NUMBER_FIRST, NAME_FIRST) if mixed_case else ():
            for m in rx.finditer(text):
                if self._street_like(text, m):
                    spans.append(self._with_tail(text, m.start(), m.end()))
        spans += self._intl_streets(text) if mixed_case else []
        spans += [(m.start(), m.end()) for m in MILITARY.finditer(text)]
        spans += [(m.start(), m.end()) for m in PO_BOX.finditer(text)]  # so the town lines after a PO box are found too
        for m in POSTCODE_AFTER_PLACE.finditer(text):
            if self._place_word(m["p"]) and not self._word_and_year(m["p"], m["z"]):
                spans.append((m.start("z"), m.end("z")))
        spans += self._block_lines(text, spans)
        return [RecognizerResult(self.ENTITY, s, e, 0.65) for s, e in spans]

    def _intl_streets(self, text: str) -> list[tuple[int, int]]:
        """Typed street lines anchored on a house number: the street before it, or a building number before the street."""
        out = []
        for n in HOUSE_NUMBER.finditer(text):
            span = self._street_before(text, n) or self._street_after(text, n)
            if span:
                out.append(self._with_tail(text, *span))
        return out

    @staticmethod
    def _street_before(text: str, n: re.Match) -> tuple[int, int] | None:
        """'Friedhofstrasse 33', 'Luite tee 87', '2274 Via delle Coste 41': a typed name, then the house number."""
        words = _words_before(text, n.start())
        typed = _typed_start(words) if words else None
        if typed is None:
            return None
        start, weak = typed
        lead = BUILDING_BEFORE.search(text, max(0, start - 16), start)
        if weak and not lead and not CONTEXT.search(text, max(0, start - 60), start):
            return None
        return (lead.start() if lead else start, n.end())

    @staticmethod
    def _street_after(text: str, n: re.Match) -> tuple[int, int] | None:
        """'770 26 rue des lieutemants Thomazo', '479 95 Avenue des Tuileries': building number(s), then a prefix type."""
        m = PREFIX_AFTER.match(text, n.end())
        prefixes, _, risky = _intl_types()
        if not m or m["pre"].lower() not in prefixes:
            return None
        end, names = m.end("pre"), []
        for w in re.finditer(TOK, m["names"]):
            if UNIT_WORD.match(w.group()) or not _name_word(w.group()):
                break
            names.append(w.group())
            end = m.start("names") + w.end()
        weak = m["pre"].lower() in risky and not m["pre"][0].isupper() and not m["second"] and not CONTEXT.search(
            text, max(0, n.start() - 60), n.start())
        closed = re.match(rf"[ \t]*(?:[,\n.;]|$|{UNIT}|(?i:st\.?|street)\b)", text[end:end + 30])
        if not names or not any(map(_proper, names)) or weak or not closed:
            return None
        return n.start(), end

    @staticmethod
    def _with_tail(text: str, start: int, end: int) -> tuple[int, int]:
        """Add units ('Apt. 085 Suite 2') and a town, region, country or postcode on the same line ('BODØ NO')."""
        end = UNITS_AFTER.match(text, end).end()
        pos, taken = end, 0
        while taken < 6 and (m := TAIL_TOKEN.match(text, pos)):
            t, w = m["t"], bare(m["t"])
            if w in CONTACT_LABELS or t[0] == "(" and t[1:-1].isdigit():
                break  # 'Lynn MA 01902, ph (781) 555-0143', 'Suite 300, Tel 617-...': the phone after the address
            if t[0].isdigit() or t[0] == "(":
                ok = True
            elif len(w) == 1 and taken and re.match(r"[ \t]*(?:[\n,.;?!]|$)", text[m.end():m.end() + 2]):
                ok = True  # 'København V', 'københavn k': a district letter after the town
            elif w in CONNECTORS:
                ok = False  # taken only with the word after it
                nxt = TAIL_TOKEN.match(text, m.end())
                if nxt and nxt["t"][0].isalpha() and bare(nxt["t"]) not in lexicons.stop_words():
                    pos, taken = m.end(), taken + 1
                    continue
            elif w in lexicons.street_suffixes() or w in TYPE_ABBREVIATIONS:
                ok = False  # 'Sludevej 13 St.': the street's own type word repeated, not a town
            elif t[0].isupper():
                ok = (t.isupper() and len(w) == 2) or w not in lexicons.stop_words() and (
                    t.isupper() or w not in lexicons.vocabulary() or w in lexicons.places())
            else:
                ok = w not in lexicons.stop_words() and w not in lexicons.vocabulary()
            if not ok:
                break
            pos, end, taken = m.end(), m.end(), taken + 1
        return start, end

    @staticmethod
    def _proper_street_word(word: str) -> bool:
        """An uncommon word that is neither a clinical term nor a prefix street type ('ul. Stage 2' is a sore)."""
        w = bare(word)
        return _uncommon(word) and w not in lexicons.clinical_terms() and w not in PREFIX_TYPES

    def _street_like(self, text: str, m: re.Match) -> bool:
        """Needs a proper-noun word, and a house number at both ends, a unit, or an address cue nearby."""
        words = re.findall(WORDISH, m.group())
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start : text.find("\n", m.end()) if "\n" in text[m.end() :] else len(text)]
        if upper_heavy(line):
            return False
        if VITAL_BEFORE.search(text, max(line_start, m.start() - 12), m.start()):
            return False  # 'HR 70 Vpaced. BP 90': a reading after its label, not a house number
        typed = m.group()[0].isdigit() and self._street_typed(words)
        if not typed and not any(self._proper_street_word(w) for w in words):
            return False
        starts_num, ends_num = m.group()[0].isdigit(), bool(re.search(r"\d[A-Za-z]?\.?$", m.group()))
        unit = re.search(r"(?i)\b(?:apt|apartment|suite|ste|unit|flat)\b", m.group())
        line_end = LINE_END.match(text, m.end())
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
        # 'Main St' but not '70s AV paced': an abbreviated type is capitalised, never all capitals
        return any(w[:1].isupper() and (bare(w) in suffixes or bare(w) in TYPE_ABBREVIATIONS and not w.isupper())
                   for w in words[1:])

    @staticmethod
    def _word_and_year(place: str, code: str) -> bool:
        """'vaccine fall 2080', 'bath 2000': a lower-case common word before a four-digit number is prose, not a town
        and its postcode ('Sydney NSW 2000', 'in Bjert 6091' keep their capitals)."""
        last = place.split()[-1]
        return len(code) == 4 and last.islower() and bare(last) in lexicons.vocabulary()

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
