"""Names in letters and messages: the addressee of a greeting, the person thanked, the signer of a sign-off."""

from collections.abc import Callable

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.cue_patterns import (
    NOT_NAMES,
    ROLE_WORDS,
    SIGN_OFF_HINTS,
    CuePatterns,
    known_name,
)
from corpus.deid.recognizers.en.cue_words import addressee_word
from corpus.deid.recognizers.en.name_tokens import bare, extend_name, probable_name

# Services that sign a message as a team ('Thanks, Pharmacy'): no one's name.
SIGNING_SERVICES = frozenset({"pharmacy", "radiology", "admitting", "security", "transport", "dietary", "registration",
                              "scheduling", "billing", "triage", "rehab", "hospice", "clinic", "office", "desk", "staff",
                              "unit", "management", "administration", "dispatch", "housekeeping", "lab", "labs"})
# A title after a greeting is the title rule's to read ('Hello Dr Birch,'); the name after it is found there. Nor
# do the crowd and filler words ('Hi all,', 'Thanks again for').
GREETING_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "prof", "doctor", "nurse", "sir", "madam", "team", "all",
                             "everyone", "everybody", "guys", "again", "much", "so", "you", "folks", "both"})

Result = Callable[[str, str, int, int], RecognizerResult]


def letter_names(text: str, lowered: str, entity: str, result: Result) -> list[RecognizerResult]:
    """The addressee after 'Dear'/'Hi' (a line of its own, or the letter going on after a comma), the person thanked
    ('THANKS JOSS FOR'), and the signer after a closing formula or at a message line's end ('xo Oriel')."""
    p, out = CuePatterns, []
    if "dear" in lowered or "hello" in lowered or "hi " in lowered:
        for m in p.SALUTATION.finditer(text):
            if all(addressee_word(w) for w in m["n"].split()):
                out.append(result(text, entity, m.start("n"), m.end("n")))
        for m in p.DEAR_INLINE.finditer(text) if "dear" in lowered else ():
            if addressee_word(m["n"]) and (probable_name(m["n"]) or known_name(bare(m["n"]))):
                out.append(result(text, entity, m.start("n"), m.end("n")))
    if "hi" in lowered or "hello" in lowered or "hey" in lowered or "good " in lowered:
        for m in p.GREETING_INLINE.finditer(text):
            if signer_word(m["n"], title_case_ok=False):
                out.append(result(text, entity, m.start("n"), m.end("n")))
    if any(w in lowered for w in ("thank", "cheers", "regards", "xo")):
        for rx in (p.THANKS_FOR, p.SIGNED_AT_END):
            for m in rx.finditer(text):
                # Signed at the line's end, a title-case word is a name even when it is also a word ('xo Oriel')
                if all(signer_word(w, title_case_ok=rx is p.SIGNED_AT_END) for w in m["n"].split()):
                    out.append(result(text, "CLINICIAN_NAME", m.start("n"), m.end("n")))
    for m in p.SIGN_OFF.finditer(text) if any(w in lowered for w in SIGN_OFF_HINTS) else ():
        end = extend_name(text, m.end(), max_tokens=4, first_strict=False, rest_strict=False)
        if end > m.end():
            out.append(result(text, "CLINICIAN_NAME", m.end(), end))
    return out


def signer_word(tok: str, title_case_ok: bool) -> bool:
    """A word of a greeted, thanked or signing name: a probable or known name ('THANKS JOSS FOR'), or, where
    ``title_case_ok``, any title-case word that is no title, stop, clinical, role or service word ('thanks -Zinnia
    rn')."""
    w = bare(tok)
    if w in GREETING_TITLES or w in lexicons.stop_words() or w in lexicons.clinical_terms() or len(w) < 2:
        return False
    if addressee_word(tok) and (probable_name(tok) or known_name(w)):
        return True
    return title_case_ok and tok[:1].isupper() and tok[1:].islower() and w not in NOT_NAMES and w not in ROLE_WORDS and (
        w not in SIGNING_SERVICES and w not in lexicons.drugs_and_clinical())
