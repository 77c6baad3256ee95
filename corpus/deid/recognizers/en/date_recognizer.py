"""Calendar dates in clinical forms: 7/22, 9/3/97, 3-24-17, 22-Jul-2019, July 29th, '92, MI 1992."""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid.recognizers.en.alternation import by_first_letter, guarded
from corpus.deid.recognizers.en.base import RuleRecognizer
from corpus.deid.recognizers.en.fraction_days import FRACTIONS, dated_fraction

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MON_NUM = r"(?:0?[1-9]|1[0-2])"
_ORD = r"(?:st|nd|rd|th)"


HAS_DIGIT = re.compile(r"\d").search  # faster than a per-character any() on long notes
RANGE_AFTER = re.compile(r"[ \t]*[-–][ \t]*\d")
# Substrings every holiday form holds: a cheap pre-check before the holiday pattern scans a note.
HOLIDAY_HINTS = ("christmas", "xmas", "x-mas", "thanksgiving", "easter", "new year", "memorial", "labor day", "labour day",
                 "independence", "of july", "veteran", "president", "luther", "mlk", "columbus", "halloween", "patrick",
                 "good friday", "hanuk", "chanuk", "passover", "rosh", "kippur", "'s day", "’s day")
# The short month forms the preposition rule reads ('since May;', 'by FEB.').
SHORT_MONTH_HINTS = ("may", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec")



COURSE_DAY_BEFORE = re.compile(r"(?<![A-Za-z])(?i:day)[ \t#]*$")  # 'LEVAQUIN DAY 5/7', not 'FRIDAY 9/17', 'today 11/19'


class DateRecognizer(RuleRecognizer):
    """Numeric, month-name, ordinal and year dates; clock times like 1900 or 2130 are left alone."""

    ENTITY = "DATE"
    NUMERIC = guarded(re.compile(rf"(?<![\d/.'’])(?<!\d:){_MON_NUM}(?P<sep>[/-]){_DAY}(?:[/.-](?:\d{{4}}|\d{{2}}))?(?:/{_MON_NUM}/{_DAY})?(?![\d/%]|:\d|\.\d|,(?!\d{{1,2}}/\d)\d|-\d|\s*(?:%|peep|cm\b|ps\b|fio2|\d+\s*%))"))
    # Date ranges '7/14-7/16', '7/14 - 7/20/03': both ends (NUMERIC refuses a date followed by '-digit').
    RANGE = guarded(re.compile(rf"(?<![\d/.'’])(?P<a>{_MON_NUM}/{_DAY}(?:/(?:\d{{4}}|\d{{2}}))?)\s*(?:-+>?|to|thru|through)\s*"
        rf"(?P<b>{_MON_NUM}/{_DAY}(?:/(?:\d{{4}}|\d{{2}}))?)(?![\d/%]|[.,]\d)",
        re.I,
    ))
    DOTTED = guarded(re.compile(rf"(?<![\d.]){_MON_NUM}\.{_DAY}\.(?:(?:19|20)\d\d|\d\d)(?![\d.]|\.\d)"))
    BORN_YEAR = guarded(re.compile(r"\b(?:born|dob|d\.o\.b\.?|b\.)[ \t:]*(?:in[ \t]+)?(?P<y>(?:18|19|20)\d\d)(?!\d)", re.I))
    MONTH_YEAR = guarded(re.compile(rf"(?<![\d/.:]){_MON_NUM}/(?:[3-9]\d|(?:19|20)\d\d)(?![\d/:]|\.\d)"))
    ISO = guarded(re.compile(r"(?<![\d/.])(?:19|20)\d\d([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?!\d)"
                     r"(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"))
    MONTH_NAME = guarded(re.compile(
        rf"\b(?:\d{{1,2}}(?:\s*-+>\s*\d{{1,2}})?{_ORD}?(?:\s*of)?[\s,-]*)?{_MONTH}\.?"
        rf"(?![a-z])(?:[\s,-]*\d{{1,2}}{_ORD}?\b(?![:.]\d))?(?:,?[\s-]*(?:of\s+)?(?:(?:19|20)\d\d|'?\d\d)\b(?![:.]\d))?",
        re.I,
    ))
    FULL_MONTH_ALONE = guarded(re.compile(
        r"\b(?:" + by_first_letter(r"january|february|march|april|june|july|august|sept|september|october|november|december")
        + r")\b", re.I
    ))
    # 'falls since May;', 'Repatha if LDL > 70 by May.', 'since FEB;': 'May' and the short forms alone are dates only
    # after a time preposition and before the clause ends ('may' is a verb, 'in MAR' the medication record).
    # Found from the month word (rarer than the prepositions), then the word before it is read.
    SHORT_MONTH = guarded(re.compile(r"(?<![A-Za-z])(?P<m>(?i:may|jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec))\.?"
                                     r"(?=[ \t]*(?:[.;,:)]|$|\n|[-–][ \t]))"))
    PREP_BEFORE = re.compile(r"(?<![A-Za-z])(?i:since|by|until|till|in|from|through|thru|last|next|early|late|mid-?)[ \t]+$")
    # Holidays name a calendar day ('home for Christmas', 'fell on New Year's Eve', 'ED visit on Memorial Day').
    HOLIDAY = guarded(re.compile(r"(?<![A-Za-z])(?i:" + by_first_letter(
        r"christmas(?:[ \t]+(?:eve|day))?|x-?mas(?:[ \t]+eve)?|thanksgiving(?:[ \t]+day)?|easter(?:[ \t]+sunday)?|"
        r"new[ \t]+year['’]?s(?:[ \t]+(?:eve|day))?|memorial[ \t]+day|labou?r[ \t]+day(?![ \t]*#?\d)|independence[ \t]+day|"
        r"(?:4th|fourth)[ \t]+of[ \t]+july|veterans['’]?[ \t]+day|presidents['’]?[ \t]+day|"
        r"(?:martin[ \t]+luther[ \t]+king|mlk)(?:[ \t]+jr\.?)?[ \t]+day|columbus[ \t]+day|halloween|"
        r"valentine['’]?s[ \t]+day|mother['’]?s[ \t]+day|father['’]?s[ \t]+day|st\.?[ \t]+patrick['’]?s[ \t]+day|"
        r"good[ \t]+friday|hanukk?ah|chanukk?ah|passover|rosh[ \t]+hashanah?|yom[ \t]+kippur|"
        r"lunar[ \t]+new[ \t]+year|chinese[ \t]+new[ \t]+year") + r")(?![A-Za-z])"))
    # 'on the 14th', 'admitted on the 14th for sepsis'; not 'the 2nd attempt' (a noun follows, not a function word).
    ORDINAL_DAY = re.compile(rf"\b(?:the|on|from|since|until|till)\s+(?P<d>{_DAY}{_ORD})\b"
                             r"(?!\s*(?!(?:for|at|and|when|with|of|in|to|from|by|but|she|he|pt|patient|am|pm|a\.m|p\.m)\b)[a-z0-9])", re.I)
    VENT_BEFORE = guarded(re.compile(r"(?:\b(?:psv?|cpap|peep|bi-?pap|pap|simv|imv|ac|vent|settings|flowby|ventilation|co/ci|ps\s*-)|\dx)"
                             r"(?:\s*\d*\.?\d+\s*%\s*,?)?\s*$", re.I))  # 'CPAP .5% 5/5': an FiO2 may stand between
    # Pressure-support/PEEP pairs (10/5, 5/5, 8/5) and pain scores (6/10) read near ventilator or pain words.
    VENT_BEFORE_PAIR = guarded(re.compile(r"\b(?:psv?|cpap|peep|bi-?pap|simv|imv|settings?|trial|wean(?:ed|ing)?(?:\s+to)?|"
                                  r"on|from|of|to)[\s/:(]*(?:ps\b)?[\s(:]*$", re.I))
    VENT_AFTER_PAIR = re.compile(r"^\)?\s*(?:,\s*)?(?:psv?\b|cpap|peep|bi-?pap|simv|c\s+\d|w\s+sats|\d{2}\s*%|fio2|fi02)", re.I)
    VENT_LIST = guarded(re.compile(r"(?i:\b(?:vent|settings?|simv|imv|ac|a/c|cmv|prvc|tv|vt|psv?|peep|cpap|fio2|fi02)\b)"))
    PAIN_NEAR = guarded(re.compile(r"\b(?:pain|cp|c/o|discomfort|ha|headache|ache|rated|scale|denies|dilaudid|morphine|mso4)\b", re.I))
    # 'PT RATES 3/10', 'angina 3/10': a score out of ten right after a rating word or a symptom.
    RATED_BEFORE = re.compile(r"(?<![A-Za-z])(?i:rates|rated|rating|angina|discomfort|nausea|anxiety|dyspnea|itch|"
                              r"itching|cramping|soreness)[ \t]*:?[ \t]*$")
    EARLIER_SCORE = re.compile(r"(?<![\d/.])(?:10|\d)/10(?![\d/])")
    SENTENCE_BREAK = re.compile(r"[.;!?][ \t]")
    UNIT_AFTER = re.compile(r"(?:\+|\s*(?:cc|ml|mls|mg|mcg|units?|u|kcal|cal|cals|ml/hr|cc/hr|gm?|grams?|kg|lbs?)\b)", re.I)
    DATE_WORD_BEFORE = guarded(re.compile(r"\b(?:on|since|until|till|from|of|dated?|thru|through|by|admitted|d/c'?d|started)\s*$", re.I))
    EVENT_BEFORE = guarded(re.compile(r"\b(?:placed|inserted|removed|changed|done|performed|cath|echo|cxr|ct|mri|surgery|"
                              r"admission|admit|adm|transferred|intubated|extubated|dated|since|until|till|bm|d/c'?d|discharged|"
                              r"started|stopped|scheduled|appt|appointment|seen|for|planned|booked|filled|refilled|due|"
                              r"by phone|"
                              # 'EEG ORDERED FOR THURS 7-22', 'PLAN FOR CABG 7-23': a weekday or an operation before it
                              r"mon|monday|tue|tues|tuesday|wed|weds|wednesday|thu|thur|thurs|thursday|fri|friday|saturday|"
                              r"sunday|cabg|avr|mvr|ptca|pci|angio|eeg|ekg|ecg|bx|biopsy|op|or|tx|trach|peg|ir|ercp|egd|"
                              # 'TX'D FROM X HOSP 7-21', 'IN ONC CLINIC 7-30': a visit or stay at a place
                              r"hosp|hospital|clinic|memorial|visit|f/u|"
                              # 'PER DUPLEX 7-21', 'L BKA 7-19', 'HAD UTI 6-30', 'HX DTS 2-03': a test, an operation or
                              # an illness, then when it happened
                              r"duplex|doppler|u/s|ultrasound|x-?ray|cta|mra|tee|tte|bka|aka|orif|screws|debridement|"
                              r"pna|uti|dka|cva|tia|fall|fx|dts|od|overdose|bcx|ucx|cultures?|mibi|stress|"
                              r"kub|hida|lp|bronch|colonoscopy|thora|thoracentesis|paracentesis|pet|v/q|vq|"
                              # 'safety eval 3/4 at home', 'LMP 3/4,', 'Pap 6/12:', 'S/P TAVR 3/4 (26MM)'
                              r"eval|evaluation|assessment|consult|lmp|pap|tavr|tavi|study)\s*$",
                              re.I))
    PAST_VERB_BEFORE = guarded(re.compile(r"(?<![A-Za-z])(?i:admitted|readmitted|updated|treated|diagnosed|hospitalized|"
                                          r"hospitalised|operated|married|died|expired|born|signed|faxed|mailed|"
                                          r"called|visited|received|reviewed|registered|filed|issued|released|"
                                          r"injured|hurt|arrested|moved|sent)[ \t]+$"))
    DATE_LIST_BEFORE = re.compile(r"(?<![\d/.-])(?:1[0-2]|0?[1-9])/\d{1,2}(?:/\d{2,4})?[ \t]*(?:,|&|(?i:and))[ \t]*$")
    # 'R ARM 2/5', 'GRIP 4/5', 'LE STRENGTH 3/5': motor strength out of five after a limb or strength word.
    STRENGTH_BEFORE = guarded(re.compile(
        r"(?<![A-Za-z])(?i:strength|motor|arms?|legs?|[rlb]?[ul]es?|bles?|bues?|ext|extremit(?:y|ies)|grips?|grasps?|"
        r"deltoids?|biceps|triceps|quads?|hip[ \t]+flexors?|df|pf|dorsiflexion|plantar[ \t]*flexion|fingers|toes|"
        r"rt|lt|r|l|bilat(?:erally)?|proximally|distally|mae|maew|ehl|fhl)[ \t]*[:=]?[ \t]*$"))
    # '31 2/7 WK GA', 'GA 33 5/7': a gestational age, weeks and sevenths.
    WEEKS_BEFORE = re.compile(r"(?<![\d/.])[2-4]\d[ \t]+$")
    # 'BRONCH BY DR MBEKI 7-23': a procedure's date after the doctor who did it
    DOCTOR_BEFORE = re.compile(r"\b(?i:by|per|w/|with)[ \t]+(?i:dr\.?|doctor)[ \t]+[A-Za-z][A-Za-z'’-]+[ \t]+$")
    CLOCK_BEFORE = re.compile(r"\b[0-2]\d[0-5]\d[ \t]+$")
    CLOCK_AFTER = re.compile(r"[ \t]+[0-2]\d[0-5]\d\b(?![ \t]*(?:mg|mcg|ml|cc|units?)\b)", re.I)
    # 'APGARS 8/9', 'TOF 4/4', 'BPP 8/8', 'ADLs 4/6', 'clock draw 2/4', 'CPOT 5/8', 'HLA 3/6': scores and counts,
    # not dates ('BCx 2/2' may be a count of bottles or a date: left a date). Read as the word before the number.
    SCORE_WORDS = frozenset({"apgar", "apgars", "tof", "bpp", "adl", "adls", "iadl", "iadls", "clock", "moca", "mmse",
                             "slums", "cycle", "gleason", "criteria", "core", "cores", "cpot", "bps", "rass",
                             "cam-icu", "nrs", "vas", "flacc", "cage", "hla", "esas",
                             # questionnaires ('PHQ-9 11/27'), a murmur's grade ('MURMUR 2/6'), a pulse's ('RADIAL 2/4')
                             "phq-9", "phq9", "phq-2", "phq2", "phq", "gad-7", "gad7", "gad", "qol", "epworth", "pcl-5",
                             "audit-c", "murmur", "radial", "radials", "dp", "dps", "pedal", "pedals", "femoral",
                             "femorals", "ulnar", "carotid", "carotids", "brachial", "popliteal", "pulses", "dtrs"})
    # 'in 3/12 cores', '2/2 bottles', '4/6 criteria', '10/10 HLA match': a count of things.
    # '2/6 SEM', '3/6 holosystolic murmur', '4/7 nights', 'missed 2/7 doses': a grade, or a count of nights and doses.
    COUNTED_AFTER = re.compile(r"[ \t]*(?i:cores|bottles|nodes|lymph[ \t]+nodes|criteria|points|items|views|words|"
                               r"(?:hla[ \t]+)?match|sem|hsm|systolic|diastolic|holosystolic|murmur|nights|doses|tabs|"
                               r"tablets|pills|visits|sessions|times|attempts|joints|questions|reps|meals|days|weeks|wks)\b")
    DOSE_AFTER = re.compile(r"[ \t]*(?:mg|mcg|ml|gm|units?)\b", re.I)
    # What nurses count in ranges: '1-2 pillows', '3-4 episodes', '2-3 word sentences'.
    COUNT_AFTER = re.compile(
        r"\s*(?:x\b|%|l\b|lpm|liters?|litres?|times|hours|hrs?\b|days|weeks|wks|months|mins?\b|minutes|pillows?|puffs?|"
        r"episodes?|beats|breaths|bags?|tabs?|pills?|drinks|cups|glasses|packs?|ppd|pads?|words?|steps|feet|ft\b|inches|"
        r"loose|liquid|soft|formed|large|small|med|mod|stools?|bm|voids?|attempts?|people|persons?|visitors?|children|kids|"
        r"grand|sibs|siblings|a day|/day|/hr|q\s*\d)",
        re.I,
    )
    APOSTROPHE_YEAR = guarded(re.compile(r"(?<![\w'])'\d\d(?![\w'])"))
    # 1930-2039, and 2060-2099: date-shifted corpora (i2b2's, research extracts) move years decades ahead, and
    # 2060-2099 cannot be clock times (minutes stop at 59). 'mid-2080' is a year; '1900-2000' is a shift.
    # A colon after it ('2075: CABG', '1975: appendectomy') is judged in _is_year: '2045: pt restless' is a time.
    YEAR = guarded(re.compile(r"(?:(?<![\d/.:$#-])|(?<=(?i:mid)-))(?P<y>(?:19[3-9]\d|20[0-36-9]\d))(?P<s>'?s)?"
                      r"(?![\d%a-z]|:\d|\.\d|/\d)"))  # 'fresenius 2008t': a model, no year
    # '1942-1946', '2002-2004', '1998-99': a span of years (not a shift '1900-0700' or a volume '2000-2500 cc').
    YEAR_RANGE = guarded(re.compile(r"(?<![\d/.:$#-])(?P<a>19[1-9]\d|20[0-36-9]\d)[ \t]*[-–][ \t]*(?P<b>19[1-9]\d|20[0-36-9]\d|\d\d)(?![\d:%/]|\.\d)"))
    TIME_BEFORE = guarded(re.compile(
        r"(?:\b(?:at|@|approx\.?|aprox\.?|appro?x\.?|approximately|until|till|from|by|around|between|and|to|about|after|before|"
        r"q|since|due|called|paged|phoned|notified|arrived|returned|eta)\s*|[~@-]\s*|-+>\s*)$", re.I
    ))
    # 2040-2059 can be clock times ('at 2045 pt restless'), so they are years only after a word a clock time does not
    # follow: 'emigrated in 2051', 'during 2047', 'summer of 2047', 'in early 2053', 'mid-2044', 'year 2044'
    # (date-shifted extracts put a patient's history there).
    YEAR_MID = guarded(re.compile(r"(?<![\d/.:$#])20[45]\d(?![\d%]|:\d|\.\d|/\d)"))  # judged from the words before it
    YEAR_MID_BEFORE = guarded(re.compile(
        r"(?:\b(?i:" + by_first_letter(r"in|during|year|early|late|spring|summer|fall|autumn|winter")
        + r")(?i:[ \t]+of)?[ \t]+|(?<![A-Za-z])(?i:mid)-)$"))
    YEAR_WORD_BEFORE = guarded(re.compile(r"\b(?i:since|until|till|before|after|between|from)\b"))
    TIME_AFTER = re.compile(r"^\s*(?:hrs?\b|h\b|hours?\b|pm\b|am\b|-+>?\s*\d|to\s+\d|until\b|till\b|-\s*\d|:|shift\b)", re.I)
    _HISTORY_YEAR_AFTER = (
        r"(?:\s*x\s*\d)?\s*(?:in\s+)?(?P<y>'?(?:[4-9]\d|0\d|1\d)'?)(?!\w)"
        r"(?![%.:/]\d|\s*(?:%|mg|mm|cc|ml|units?|x|yo|y/o|year|yr|min|sec|bpm|beats|times)\b)(?:\s+and\s+(?P<y2>'?\d\d)\b)?"
    )
    HISTORY_YEAR = guarded(re.compile(
        r"\b(?:" + by_first_letter("MI|CABG|CVA|AVR|MVR|PTCA|TIA|AAA|PPM|stent(?:ed)?|redo|pacer|ablation|repair|surgery|dx|"
                                  "diagnosed|hx|ca|ptx|fx|transplant|mastectomy|mastectomies|turp|thr|tkr|tka|tha|orif|"
                                  "appy|chole|dvt|stroke|bypass|aicd|pacemaker|cancer|n?stemi|arrest|chemo|xrt")
        + ")" + _HISTORY_YEAR_AFTER,
        re.I,
    ))
    # 'appendectomy 98', 'angioplasty in 04': an operation named by its suffix, found from the suffix (a word scan
    # that read each word and then backed off to every suffix was ~4% of the engine's time).
    HISTORY_SUFFIX_YEAR = guarded(re.compile(r"(?<=\w)(?:ectomy|ectomies|plasty|otomy|ostomy)" + _HISTORY_YEAR_AFTER, re.I))

    # 'FRIDAY 9/17', 'last dialysis Tues 3/12': a weekday written onto a numeric date goes with it, so that date
    # shifting moves both (a weekday left beside a shifted date gives the shift away modulo seven). A weekday alone
    # stays, as the relative dates do; 'sat' is a saturation in notes, never taken.
    WEEKDAY_BEFORE = re.compile(r"(?<![A-Za-z])(?i:(?:mon|tues?|wed|weds|thu|thur|thurs|fri|sun)\.?|(?:mon|tues|wednes|thurs|"
                                r"fri|satur|sun)day)[ \t]*,?[ \t]+$")

    def analyze(self, text, entities, nlp_artifacts=None):
        """All date-shaped spans with scores by how unambiguous the form is."""
        out = []
        add = lambda s, e, score: out.append(RecognizerResult(self.ENTITY, s, e, score))  # noqa: E731
        if not HAS_DIGIT(text):
            self._month_names(text, add)  # every other form has a digit
            return out
        for rx, score in ((self.NUMERIC, 0.8), (self.MONTH_YEAR, 0.6), (self.ISO, 0.9), (self.APOSTROPHE_YEAR, 0.7)):
            for m in rx.finditer(text):
                if rx is self.NUMERIC and not self._numeric_ok(text, m):
                    continue
                add(self._weekday_start(text, self._glued_start(text, m)), m.end(), score)
        for m in self.DOTTED.finditer(text):
            add(m.start(), m.end(), 0.7)
        for m in self.BORN_YEAR.finditer(text):
            add(m.start("y"), m.end("y"), 0.7)
        for m in self.RANGE.finditer(text):
            if (m["a"] not in FRACTIONS or self._same_month_on(m["a"], m["b"])) and m["b"] not in FRACTIONS \
                    and not self.VENT_BEFORE.search(text[max(0, m.start() - 20) : m.start()]) \
                    and not self._score_before(text[max(0, m.start() - 20) : m.start()]) \
                    and not self._pain_scores(text, m):
                add(m.start("a"), m.end("a"), 0.8)
                add(m.start("b"), m.end("b"), 0.8)
        self._month_names(text, add)
        for m in self.ORDINAL_DAY.finditer(text):
            add(m.start("d"), m.end("d"), 0.6)
        for m in self.YEAR.finditer(text):
            if self._is_year(text, m):
                add(m.start(), m.end(), 0.6)
        for m in self.YEAR_MID.finditer(text):
            after = text[m.end() : m.end() + 12]
            if self.YEAR_MID_BEFORE.search(text, max(0, m.start() - 16), m.start()) and not (
                    self.UNIT_AFTER.match(after) or self.TIME_AFTER.match(after)):
                add(m.start(), m.end(), 0.6)
        for m in self.YEAR_RANGE.finditer(text):
            if self._year_range(text, m):
                add(m.start(), m.end(), 0.6)
        for m in (*self.HISTORY_YEAR.finditer(text), *self.HISTORY_SUFFIX_YEAR.finditer(text)):
            add(m.start("y"), m.end("y"), 0.6)
            if m["y2"]:
                add(m.start("y2"), m.end("y2"), 0.6)
        return out

    @staticmethod
    def _glued_start(text: str, m: re.Match) -> int:
        """'labs on10/14/82': a date typed onto the word before it takes that word along (no part of the token leaks)."""
        if m.start() == 0 or not text[m.start() - 1].isalpha():
            return m.start()
        glued = re.search(r"(?<![A-Za-z])[A-Za-z]{1,4}$", text[max(0, m.start() - 5) : m.start()])
        return m.start() - len(glued.group()) if glued else m.start()

    def _month_names(self, text: str, add) -> None:
        """'July 29th', '22-Jul-2019', 'Sept. 2004', full month names alone and holidays."""
        for m in self.MONTH_NAME.finditer(text):
            if self._month_ok(m.group()):
                add(self._weekday_start(text, m.start()), m.end(), 0.8)  # 'Tuesday, March 4' as 'FRIDAY 9/17'
        for m in self.FULL_MONTH_ALONE.finditer(text):
            add(m.start(), m.end(), 0.6)
        lowered = text.lower()
        for m in self.SHORT_MONTH.finditer(text) if any(k in lowered for k in SHORT_MONTH_HINTS) else ():
            if self.PREP_BEFORE.search(text, max(0, m.start() - 10), m.start()):
                add(m.start("m"), m.end("m"), 0.6)
        for m in self.HOLIDAY.finditer(text) if any(h in lowered for h in HOLIDAY_HINTS) else ():
            add(m.start(), m.end(), 0.6)

    def _weekday_start(self, text: str, start: int) -> int:
        """Where a date starting at ``start`` begins once a weekday written onto it is counted ('FRIDAY 9/17')."""
        weekday = self.WEEKDAY_BEFORE.search(text, max(0, start - 12), start)
        return weekday.start() if weekday else start

    def _numeric_ok(self, text: str, m: re.Match) -> bool:
        """Drop ventilator settings (PSV 10/5), fractions (1/2 NS), pain scores and 3-5 ranges."""
        span, before = m.group(), text[max(0, m.start() - 20) : m.start()]
        if self.VENT_BEFORE.search(before):
            return False
        if self._setting_or_score(text, m, span):
            return False
        if m["sep"] == "-":
            if span.count("-") >= 2:
                return True
            after = text[m.end() : m.end() + 12]
            if self.UNIT_AFTER.match(after) or self.COUNT_AFTER.match(after):
                return False  # 'on 2-4L', 'on 1-2 pillows', 'x 3-4 episodes': a range of amounts
            # 'on 7-14', 'since 7-14', 'placed 7-14.': a month-day after a date word; '@ 2100 7-21', 'LOVENOX 7-23
            # 0900': one next to a clock time
            if self.PAST_VERB_BEFORE.search(before) and self._late_day(span):
                return True  # 'ADMITTED 7-18 WITH CAP', 'DEMOGRAPHICS UPDATED 7-22 BY': an event's day after its verb
            if self.DATE_LIST_BEFORE.search(text, max(0, m.start() - 16), m.start()):
                return True  # 'MISSED VISITS 6/12 AND 6-26', 'HX OD 12/03 & 4-05': the next date of a list
            return before.lower().endswith("on ") or bool(self.EVENT_BEFORE.search(before) or self.CLOCK_BEFORE.search(
                before) or self.CLOCK_AFTER.match(after) or self.DOCTOR_BEFORE.search(text, max(0, m.start() - 40), m.start()))
        if span.endswith("/10") and ("pain" in text[max(0, m.start() - 30) : m.end() + 12].lower()
                                     or before.rstrip().endswith("->") or self.RATED_BEFORE.search(before)
                                     or self._later_pain_score(text, m)):
            return False  # 'pain 6/10', 'ntg sl x1 -> 2/10': a score
        if self._score_before(before) or self.COUNTED_AFTER.match(text, m.end()) or self._strength_or_weeks(span, before):
            return False
        if self.DOSE_AFTER.match(text, m.end()):
            return False  # 'buprenorphine 8/2 mg', 'percocet 5/325 mg': a combination dose
        if span in FRACTIONS and text[m.end() : m.end() + 1].isalpha():
            return False  # '1/2ns', '1/2NS': half normal saline
        return span not in FRACTIONS or bool(self.DATE_WORD_BEFORE.search(before)) or dated_fraction(
            text, m, self.EVENT_BEFORE)

    @staticmethod
    def _late_day(span: str) -> bool:
        """'7-18', '12-30', '7-02': a month and a day past twelve or written with a leading zero, which counts and
        ranges ('increased 5-10', 'weaned 2-4') seldom are."""
        parts = span.split("-")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            return False
        month, day = int(parts[0]), int(parts[1])
        return 1 <= month <= 12 and (13 <= day <= 31 or len(parts[1]) == 2 and parts[1][0] == "0" and day >= 1)

    def _strength_or_weeks(self, span: str, before: str) -> bool:
        """'R ARM 2/5' (strength out of five after a limb word), '31 2/7' (weeks and sevenths of a gestation) or
        'ABX DAY 5/7' (a course's day)."""
        a, _, b = span.partition("/")
        if not (a.isdigit() and b.isdigit()):
            return False
        a_, b_ = int(a), int(b)
        if COURSE_DAY_BEFORE.search(before) and 0 < a_ <= b_ <= 21:
            return True  # 'LEVAQUIN DAY 5/7': a course's day out of its length
        if b_ == 5 and a_ <= 5:
            return bool(self.STRENGTH_BEFORE.search(before))
        return b_ == 7 and a_ <= 6 and bool(self.WEEKS_BEFORE.search(before))

    def _score_before(self, before: str) -> bool:
        """The text before a number ends on a score's name ('CPOT', 'clock draw', 'MoCA:') or a '#'."""
        b = before.rstrip(" \t:=")
        if b.endswith("#"):
            return True
        words = b.lower().split()[-2:]
        if not words:
            return False
        last = words[-1].lstrip("(")
        return last in self.SCORE_WORDS or last in ("draw", "drawing", "score") and len(words) == 2 and (
            words[0].lstrip("(") in ("clock", "cpot"))

    def _later_pain_score(self, text: str, m: re.Match) -> bool:
        """'PAIN 7/10 -> DILAUDID 0.4MG IV X2 PER ANESTHESIA, NOW 3/10': a score out of ten after an earlier one that a
        pain word introduced, in the same sentence-run of up to 90 characters."""
        window = text[max(0, m.start() - 90) : m.start()]
        first = self.EARLIER_SCORE.search(window)
        if not first or self.SENTENCE_BREAK.search(window, first.end()):
            return False  # 'Pain 7/10 at 0800. Seen in clinic 3/10': a new sentence may date its visit
        if self.EVENT_BEFORE.search(window) or self.DATE_WORD_BEFORE.search(window):
            return False
        return bool(self.PAIN_NEAR.search(window, max(0, first.start() - 30), first.start()))

    def _pain_scores(self, text: str, m: re.Match) -> bool:
        """'PAIN 6/10 -> 3/10': two scores out of ten near a pain word, not a range of dates."""
        return m["a"].endswith("/10") and m["b"].endswith("/10") and bool(
            self.PAIN_NEAR.search(text[max(0, m.start() - 30) : m.end() + 20]))

    def _setting_or_score(self, text: str, m: re.Match, span: str) -> bool:
        """'ON 10/5 BIPAP', 'weaning trial 5/5', 'CP 4/10': a small pair next to ventilator or pain words."""
        parts = span.split("/")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            return False
        a, b = int(parts[0]), int(parts[1])
        if b == 10 and a <= 10 and self.PAIN_NEAR.search(text[max(0, m.start() - 30) : m.end() + 20]):
            return True
        before, after = text[max(0, m.start() - 25) : m.start()], text[m.end() : m.end() + 14]
        if a < b <= 20 and a <= 20:
            # 'SIMV/PS, 40%, 600X4, & 5/10 W SATS', 'TV 400, RR 14, & 5/10.': PEEP/PS after a ventilator settings list
            wide = text[max(0, m.start() - 60) : m.start()]
            return bool(self.VENT_AFTER_PAIR.match(after)) or "%" in wide and bool(self.VENT_LIST.search(wide))
        if not (b <= 10 and a <= 25 and a >= b):
            return False
        vent_line = re.search(r"(?i)\b(?:vent|psv?|cpap|peep|bi-?pap|simv|resp|abg|extubat|wean)", before + after)
        return bool(self.VENT_AFTER_PAIR.match(after)) or bool(self.VENT_BEFORE_PAIR.search(before)) and bool(vent_line)

    @staticmethod
    def _month_ok(span: str) -> bool:
        """A bare abbreviation ('dec', 'may', 'mar') must come with a number to count."""
        words = re.findall(r"[a-z]+", span.lower())
        has_num = any(c.isdigit() for c in span)
        if has_num:
            return True
        return bool(words) and len(words[0]) > 3 and words[0] not in ("march", "may") or words[0] == "sept"

    @staticmethod
    def _same_month_on(a: str, b: str) -> bool:
        """'1/4-1/6': a range that stays in one month and runs forward is two days, though its start looks like a
        quarter."""
        (ma, da), (mb, db) = (x.split("/")[:2] for x in (a, b))
        return ma == mb and db.isdigit() and da.isdigit() and int(db) > int(da)

    def _year_range(self, text: str, m: re.Match) -> bool:
        """Second year after the first (within 80 years), no unit after, and not two round clock times."""
        a, b = int(m["a"]), int(m["b"])
        b = b if b >= 100 else a // 100 * 100 + b
        if not a < b <= a + 80 or self.UNIT_AFTER.match(text[m.end() : m.end() + 12]):
            return False
        clock = all(v % 100 < 60 and v // 100 < 24 and v % 100 in (0, 15, 30, 45) for v in (a, b))
        return not clock

    def _is_year(self, text: str, m: re.Match) -> bool:
        """19xx/20xx is a year unless it reads as a clock time (at 2000, 1900-0700, 2130 hrs)."""
        y = int(m["y"])
        unambiguous = m["s"] or (1960 <= y <= 1999 and y % 100 >= 60)
        if unambiguous:
            return True
        before, after = text[max(0, m.start() - 16) : m.start()], text[m.end() : m.end() + 12]
        if self.UNIT_AFTER.match(after):
            return False
        if y >= 2060:  # no clock time (minutes stop at 59); an amount with its unit was refused above
            return not RANGE_AFTER.match(after)  # '2060-2080 cc': a range is YEAR_RANGE's to judge
        time_word = self.TIME_BEFORE.search(before)
        if time_word and self.YEAR_WORD_BEFORE.search(time_word.group()) and y % 5:
            return True  # 'lived here since 2001': a clock time after 'since' is charted in steps of five minutes
        return not time_word and not self.TIME_AFTER.match(after)
