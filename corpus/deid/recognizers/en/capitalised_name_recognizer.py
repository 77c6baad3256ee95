"""Proper nouns in mixed-case prose: capitalised words that are not on the allow-list ('Krisztián Szöllösy')."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.alternation import guarded, starting_with
from corpus.deid.recognizers.en.base import RuleRecognizer
from corpus.deid.recognizers.en.hospital_recognizer import HospitalRecognizer
from corpus.deid.recognizers.en.name_tokens import KINSHIP_WORDS, bare, named_instrument, upper_heavy
from corpus.deid.recognizers.en.role_words import CAP_AFTER, ROLE_TITLES

WORD = re.compile(r"(?<![\w'’@./#-])[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*(?![\w@]|\.\w)")
# WORD from an ASCII capital or any non-ASCII letter only: the lower-case ASCII words of a note (most of it) are
# skipped by the regex engine; the first-letter test still decides for 'É', 'Ł' (same words as before).
CAP_WORD = starting_with("A-Z\u0080-\U0010ffff", WORD.pattern)
SENTENCE_END = re.compile(r"(?:^|[.!?:;\n\"“(\[•*>=]|[-–]\s|\w[-–])[\s\"“'‘(]*$")
INNER_CAPS = re.compile(r"^(?!(?:Mc|Mac|O['’]|D['’]|De|Di|Da|La|Le|Van|Von)[A-Z])(?:[A-Z]?[a-z]+[A-Z]|[A-Z]{2,}[a-z])")
KIN = KINSHIP_WORDS | {"proxy", "companion", "caregiver", "grandma", "grandpa"}
# Greeting and closing words that census lists also hold as surnames ('Dear Tamsin,' masks only the name).
SALUTATIONS = frozenset({"dear", "hi", "hello", "hey", "thanks", "sincerely", "regards", "cheers"})
# Facility keywords that are also names ('Dr. Gregory House', 'Ed', 'Manor') do not end a run of name words.
NAME_LIKE_KW = frozenset({"house", "ed", "er", "ew", "va", "nh", "manor", "hsp"})
VOWEL = re.compile(r"[aeiouyà-ÿ]").search
CONTRACTION = re.compile(r"['’](?:t|s|ll|re|ve|d|m)$", re.I)
HEADING_AFTER = re.compile(r"^[ \t]*:")  # '^' never matches at a match() position: kept as measured (see docs)
COLON_AFTER = re.compile(r"[ \t]*:")
HUMAN_VERB = re.compile(r"[ \t]+(?:is from|was from|lives|lived|spent|works|worked|said|says|wrote|told|asked)\b")
VOCATIVE = re.compile(r"[ \t]*[?!]")
GREETING = guarded(re.compile(r"(?<![A-Za-z])(?:Hi|Hello|Hey|Dear|Thanks|Thank you),?[ \t]+$"))
QUOTE_AFTER_COLON = re.compile(r":[ \t]*[\"“]")
# 'Marblehead Fire Rescue', 'Lowell Fire Dept': the town names the service; 'Fire' (a census surname) does not.
FIRE_SERVICE_AFTER = re.compile(r"[ \t]+(?i:rescue|dept\b|department|station|district|engine|ems\b)")
# A sentence-initial unknown word followed by a verb of a person or place is a subject name, not a heading.
SUBJECT_OF = re.compile(
    r"(?:['’]s)?[ \t]+(?:(?:is|was|has|had|lives|lived|spent|said|says|works|worked|moved|went|called|wrote|told|asked|"
    r"began|became|shouted|married|joined|founded|studied|can|will|would|did|does)\b|and[ \t]+[A-Z])"
    r"|,[ \t]+(?:can|could|would|will|please)\b"
)


# A medication in use: a dose or rate follows ('Milnerone at .35mcg', 'Fentenly @ 50mcg', 'Lido 2mg', 'Levofed doses')
# or a route or dosing word comes before ('IV Fentenly', 'large doses of Prpafol', 'started on Imdur').
DRUG_AFTER = re.compile(r"[ \t]*(?:(?:at|@|-)?[ \t]*\.?\d[\d.,]*[ \t]*(?i:mcg|mg|g|gm|grams?|u|units?|ml|cc|meq|mEq|%)\b|"
                        r"(?i:gtt|drip|infusion|doses?|dosing|tabs?|nebs?|patch)\b)")
DRUG_BEFORE = guarded(re.compile(r"(?i:\b(?:iv|po|sl|pr|sq|im|ivp|ivpb|gtt|doses? of|dose of|mg of|started on|restarted on|"
                         r"weaned off|titrated)[ \t]+)$"))


class CapitalisedNameRecognizer(RuleRecognizer):
    """Runs of capitalised words in mixed-case text where a word is unknown or a known, non-common name.

    Philter-style: a capitalised word that is not common English or clinical vocabulary is taken as PHI.
    Mid-sentence capitalised known names count even when they are common words ('Producer James Sparks').
    A sentence-initial word counts only when it is unknown and followed by another such word, or a known
    non-common name. ALL-CAPS text is left to the cue-based recognizers (there case carries no signal).
    """

    ENTITY = "PERSON"
    ALSO = ("LOCATION",)
    type_from_lexicons = True  # PERSON or LOCATION by the same name list and gazetteer other recognizers read

    def load(self) -> None:
        """Load the lexicons once."""
        lexicons.vocabulary()
        lexicons.places()
        lexicons.drugs_and_clinical()  # the typo/stem guard's lists, so the first note does not pay for them
        lexicons.sorted_vocabulary()

    def analyze(self, text, entities, nlp_artifacts=None):
        """One span per run of capitalised proper-noun words."""
        if upper_heavy(text):
            return []
        caps_lines: dict[int, bool] = {}
        words = [m for m in CAP_WORD.finditer(text)
                 if m.group()[0].isupper() and not self._all_caps_line(text, m, caps_lines)]
        # A facility keyword or a role title before a capitalised word ends a run ('Brezhoni [Kidney Center]', 'Dr.
        # Mbeki and [Deputy] Superintendent Opdahl'); a surname at a run's end stays in it ('Rose Sitter and her son').
        out, run, skip_to = [], [], -1
        for m in words:
            if m.start() < skip_to:
                continue  # the rest of a facility keyword ('Breast Center')
            gap = text[run[-1].end() : m.start()] if run else ""
            initial_gap = gap == ". " and len(run[-1].group()) == 1  # 'Faina D. Yefremova'
            w = m.group().lower() if run else ""  # set look-ups below: C's lower(), not bare(), on every run word
            facility = self._facility_end(text, m) if w in HospitalRecognizer.FIRST_WORDS else 0
            if run and (gap not in (" ", "-", " - ", " de ", " van ", " von ", " da ", ", ", " and ") and not initial_gap
                        or facility or w in ROLE_TITLES and CAP_AFTER.match(text, m.end())):
                out += self._emit(text, run)
                run = []
                if facility:
                    skip_to = facility
                    continue
            run.append(m)
        out += self._emit(text, run)
        return out

    @staticmethod
    def _facility_end(text: str, m: re.Match) -> int:
        """End of a facility keyword that starts at ``m`` (0 when none): it ends the name before it and is no name
        itself ('Brezhoni Kidney Center': the hospital rule tags the name; 'Kidney' is a census surname that would
        otherwise join the run, and 'Center, Lowell' one with the town)."""
        kw = HospitalRecognizer.FACILITY.match(text, m.start())
        return kw.end() if kw and kw["kw"].lower() not in NAME_LIKE_KW else 0

    @staticmethod
    def _all_caps_line(text: str, m: re.Match, cache: dict[int, bool]) -> bool:
        start = text.rfind("\n", 0, m.start()) + 1
        if start not in cache:
            end = text.find("\n", m.end())
            line = text[start : end if end >= 0 else len(text)]
            cache[start] = upper_heavy(line)
        return cache[start]

    def _emit(self, text: str, run: list[re.Match]) -> list[RecognizerResult]:
        if not run:
            return []
        kinds = [self._kind(text, m, i == 0) for i, m in enumerate(run)]
        for i in range(1, len(run) - 1):  # a middle initial inside a name run: 'Elita B Desaulniers'
            if len(run[i].group()) == 1 and run[i].group() not in ("I", "A"):
                kinds[i] = "weak"
        for i in range(len(run) - 1):
            a, b = bare(run[i].group()), bare(run[i + 1].group())
            if kinds[i] == kinds[i + 1] == "weak" and a in lexicons.first_names() and b in lexicons.surnames():
                kinds[i] = kinds[i + 1] = "strong"
        strong = [k == "strong" for k in kinds]
        if not any(strong):
            return []
        keep = [k == "strong" or (k == "weak" and any(strong)) for k in kinds]
        out = []
        for m, k in zip(run, keep):
            if k:
                w = bare(m.group())
                etype = "LOCATION" if w in lexicons.places() else self.ENTITY
                end = m.end() - 2 if m.group().endswith(("'s", "’s")) else m.end()
                out.append(RecognizerResult(etype, m.start(), end, 0.6))
        return out

    def _kind(self, text: str, m: re.Match, first_in_run: bool) -> str:
        """'strong' (PHI on its own), 'weak' (PHI next to a strong word) or 'none'."""
        tok = m.group()[:-2] if m.group().endswith(("'s", "’s")) else m.group()
        w = bare(tok)
        if COLON_AFTER.match(text, m.end()) and self._speaker(text, m, w):
            return "strong"  # 'Kelly: Remember me?' (a known first name as a speaker label)
        if (len(w) < 2 or w in lexicons.stop_words() or w in lexicons.clinical_terms() or w in lexicons.nationalities()
                or tok.isupper() and len(w) <= 4 or HEADING_AFTER.match(text, m.end())
                or INNER_CAPS.match(tok) or self._contraction(m.group(), w) or not self._parts_ok(w)):
            return "none"
        initial = first_in_run and bool(SENTENCE_END.search(text, max(0, m.start() - 6), m.start()))
        vocab = lexicons.vocabulary()
        known = lexicons.is_name_word(w) or w in lexicons.places()
        if w in KIN or w in SALUTATIONS or first_in_run and w in ROLE_TITLES or (
                w == "fire" and FIRE_SERVICE_AFTER.match(text, m.end())):
            return "none"  # 'Sitter Zamudio at bedside', 'Lawyer Esterhuizen of ...': the title before a name
        if named_instrument(text, m.start(), m.end(), w):
            return "weak"  # 'by Goldmann', 'Epley maneuver', 'Braden 12': a test, device or scale; still joins a name
        if known and w not in vocab:
            return "strong"  # what every branch below returns for it: decided before the (costly) misspelling test
        if w not in vocab and (DRUG_AFTER.match(text, m.end()) or DRUG_BEFORE.search(text, max(0, m.start() - 16), m.start())):
            return "weak"  # a misspelt or unlisted drug in use ('on Milnerone at .35mcg'); still joins a name run
        if w not in vocab and not lexicons.is_misspelling(w):
            short_or_acronym = len(w) < 3 or tok.isupper()
            # 'our founders: Monjeau, ...' (prose before the colon), not a heading 'PROPH: Pneumoboots'.
            after_colon = bool(re.search(r"\b[a-z]+: $", text[max(0, m.start() - 30) : m.start()]))
            if initial and not short_or_acronym and len(w) > 3 and (SUBJECT_OF.match(text, m.end()) or after_colon):
                return "strong"  # 'Tomomi is from ...', 'Asya spent a year ...'
            # A word without a vowel ('Pnx', 'Hct') is an abbreviation; 'Levoflox', 'Phenobarb', 'Trigem' (the start
            # of a longer allow-list word) is shorthand. Either still joins a run with a strong name word.
            if initial or short_or_acronym or not VOWEL(w):
                return "weak"
            return "weak" if len(w) > 4 and lexicons.is_word_start(w) else "strong"
        if (initial and w in lexicons.first_names() and not tok.isupper() and SUBJECT_OF.match(text, m.end())
                and HUMAN_VERB.match(text, m.end())):
            return "strong"  # 'Anna is from Plotwatt', 'Dexter lives on ...'
        if VOCATIVE.match(text, m.end()) and text[max(0, m.start() - 2) : m.start()] == ", " and w in lexicons.first_names():
            return "strong"  # 'Remember me, Kelly?'

        if (w not in vocab and not tok.isupper() and len(w) > 3
                and not initial and not lexicons.is_clinical_typo_or_stem(w)
                and not (w[0] in "lrbav" and w[1:] in vocab)):
            # mid-sentence 'the Ronner novel', 'met Torpy': one edit from a word, still a proper noun (but not a side
            # (L, R, B, A, V) letter typed onto a common word: 'HR 70 Vpaced', 'Lradial line')
            return "strong"
        if w in lexicons.first_names() and GREETING.search(text, max(0, m.start() - 12), m.start()):
            return "strong"  # 'Hi Victor,', 'Dear Mark'

        # A sentence-initial unknown word that looks like a typo ('Lopie') joins a name run but never stands alone.
        return "weak" if known or w not in vocab else "none"

    @staticmethod
    def _speaker(text: str, m: re.Match, w: str) -> bool:
        """A line-initial known first name (not a common or clinical word) before a colon."""
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text[line_start : m.start()].strip() or w in lexicons.clinical_terms() or w in KIN:
            return False
        if QUOTE_AFTER_COLON.match(text, m.end()):  # 'Vsevolod: "Who are you?"': a speaker before quoted speech
            return w not in lexicons.stop_words() and (w not in lexicons.vocabulary() or w in lexicons.first_names())
        return w in lexicons.first_names() and w not in lexicons.vocabulary()

    @staticmethod
    def _contraction(tok: str, w: str) -> bool:
        """"Don't", "It's", "I'm" are not names; "Yefremova's" is a possessive name."""
        if not CONTRACTION.search(tok):
            return False
        return not tok.lower().endswith(("'s", "’s")) or w in lexicons.vocabulary() or w in lexicons.stop_words()

    @staticmethod
    def _parts_ok(w: str) -> bool:
        """Hyphenated words are names only when no part is a letter, a clinical term or a common word ('A-line')."""
        if "-" not in w:
            return True
        vocab = lexicons.vocabulary()
        return all(len(p) > 1 and p not in vocab and p not in lexicons.stop_words() or lexicons.is_name_word(p)
                   for p in w.split("-"))
