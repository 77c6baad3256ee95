"""The cue rule's patterns and word lists: contact verbs, form labels, role titles and the shapes around them."""

import re

from corpus.deid import lexicons
from corpus.deid.recognizers.en.alternation import by_first_letter, guarded
from corpus.deid.recognizers.en.name_tokens import KINSHIP_WORDS, TOKEN, bare, name_or_unknown
from corpus.deid.recognizers.en.role_words import CREDENTIALS

TWO_LETTERS = re.compile(r"[A-Za-z]{2}").search

# First names that after 'called'/'per' are words, units or kin in notes, not people.
NOT_NAMES = frozenset({"son", "daughter", "wife", "husband", "hsb", "husb", "dtr", "dau", "family", "witness", "mother",
                       "father", "sister", "brother", "page", "attg", "noc",
                       "pt", "md", "rn", "np", "pa", "ho", "er", "ed", "pm", "am", "ms", "jesus", "god", "lord",
                       "christ", "sun", "mon", "wed", "fri", "tue", "thu", "sat", "dawn", "day", "night", "will", "may",
                       "form", "forms", "paperwork", "papers", "document", "documents", "agent", "call", "word"})

# What a form writes after 'Name:' when it holds no name.
NAME_PLACEHOLDERS = frozenset({"unknown", "none", "not", "na", "n/a", "same", "patient", "withheld", "declined",
                               "redacted", "anonymous", "blank", "pending", "unavailable", "tbd", "see", "above", "below"})



# Care-team roles written as a form label in procedure notes and reports ('Scrub: X', 'Sonographer: X').
CARE_TEAM_LABELS = (r"anesthesiologist|anesthetist|crna|scrub|scrub nurse|circulator|circulating nurse|perfusionist|"
                    r"proceduralist|operator|assistant|first assistant|radiologist|attending radiologist|reader|"
                    r"sonographer|tech|technician|technologist|rt|rrt|respiratory therapist|therapist|consultant|"
                    r"anesthesia attending|cardiologist|pcp|pmd|primary md")

CARE_TEAM = frozenset(CARE_TEAM_LABELS.split("|"))

AND_BEFORE_KIN = re.compile(r"[ \t]*(?:and|&)[ \t]+", re.I)
PERSON_NOUNS = frozenset({"man", "woman", "lady", "gentleman", "male", "female", "boy", "girl", "guy", "gal", "baby",
                          "infant", "child", "kid", "teen", "adult", "person", "veteran", "vet"})
# Role titles that are also shorthand ('RT SIDE', 'OT EVAL', 'TECH DIFFICULT'): only an uncommon name follows them.
WEAK_TITLES = frozenset({"rt", "ot", "tech", "don", "adon", "cm", "sw", "ho", "h.o.", "by", "attn", "aod", "crew", "owner",
                         "operator", "rep", "scrub", "nurses", "director", "principal", "coach", "medic", "aide",
                         "cn", "na", "nm", "senior", "anesthesia", "driver", "backup", "elder", "coord", "endo",
                         "provider", "charge", "intake", "lab", "staff", "sn", "buddy", "mates", "rrt",
                         "agent", "leader", "boss", "judge", "sup", "supv", "evs", "courier", "float", "transport",
                         "transporter", "tutor", "mfm", "mhw", "lift team"})
# Relations before a bracketed name ('DAUGHTER'S (BREZHONI) HOME', 'DTRS (WOOD & HOPE)'): the names are relatives'.
BRACKET_KIN = frozenset({"family", "parents", "daughter", "daughters", "son", "sons", "dtr", "dtrs", "wife", "husband",
                         "sister", "sisters", "brother", "brothers"})
# Words that follow a role word without naming anyone: 'RN STAFF NOTIFIED', 'MD TEAM AWARE', 'HO ON CALL'.
ROLE_WORDS = frozenset({"staff", "team", "teams", "covering", "service", "charge", "floor", "unit", "nurse", "nurses",
                        "doctor", "doctors", "resident", "residents", "fellow", "intern", "attending", "house", "call",
                        "oncall", "night", "day", "evening", "primary", "consult", "consulting", "surgical", "medical",
                        "attg", "huc", "nf", "woc"})


# 'PAGED HOUSE OFFICER', 'SPOKE WITH CASE MANAGEMENT': a role or service word after the upper-case word.
ROLE_NEXT = re.compile(r"[ \t]+(?i:officer|staff|team|management|manager|service|physician|doctor|md|rn|np|nurse|on call)\b")
SERVICE_NEXT = re.compile(r"[ \t]+(?i:officer|staff|team|management|manager|services?|department|dept)\b")


# Identifier labels that may follow a patient's name in a header line.
_ID_LABEL = r"(?i:mrn|mr[ \t]*#|dob|d\.o\.b|unit[ \t]*(?:no|#)|acct|account|med(?:ical)? rec)\b"
# Cheap pre-checks, so that the line-anchored letter and header rules only run on notes that can hold them.
HEADER_HINTS = ("mrn", "mr#", "mr #", "dob", "d.o.b", "unit no", "unit #", "acct", "account", "med rec", "medical rec")
SIX_DIGITS = re.compile(r"\d{6}").search
SIGNER_LABELS = frozenset({"signed by", "electronically signed by", "dictated by", "transcribed by", "transcriptionist",
                           "reviewed by", "signed", "signature"})
SIGNER_HINTS = ("signed by", "signed electronically", "dictated by", "transcribed by", "authenticated by")
SIGN_OFF_HINTS = ("sincerely", "yours", "respectfully", "cordially", "regards", "wishes")
APPOSITION_HINTS = ("pcp", "pmd", "logist", "surgeon", "psychiatrist", "therapist", "dentist", "podiatrist", "physician",
                    "attorney", "lawyer", "guardian", "manager", "worker", "sponsor")



def known_name(w: str) -> bool:
    """A first name or frequent surname, in any case, that is no stop word, kinship, role or clinical word: what a
    strong frame ('MR X IS A 72 YO', 'PATIENT X Y TRANSFERRED', 'asked to be called X') may hold."""
    if w in NOT_NAMES or w in ROLE_WORDS or w in CREDENTIALS or w in lexicons.stop_words() or w in KINSHIP_WORDS:
        return False
    if w in lexicons.drugs_and_clinical() or w in lexicons.nationalities():
        return False
    return w in lexicons.first_names() or w in lexicons.frequent_surnames()


def role_name(tok: str) -> bool:
    """After a role word: a known first name or surname, or a word outside the allow-list; never a clinical word."""
    w = bare(tok)
    if len(w) < 2 or w in NOT_NAMES or w in ROLE_WORDS or w in CREDENTIALS or w in lexicons.stop_words() or (
            w in lexicons.clinical_terms()):
        return False
    if w in lexicons.nationalities() or w in lexicons.eponyms() and tok.islower():
        return False
    return name_or_unknown(w)

class CuePatterns:
    """The compiled patterns ``CueNameRecognizer`` reads a note with (a base class, so that rules say ``self.VERB``)."""

    # '(?=[A-Za-z])' first: a position that holds no letter fails before the look-behind and the long alternation
    # (same matches; VERB and LABEL scan ~15% faster).
    VERB = re.compile(
        r"(?=[A-Za-z])(?<![A-Za-z])(?:" + by_first_letter(
            r"per|for referring|seen by|evaluated by|examined by|spoke(?: at length| in detail| further)? (?:with|to)|"
            r"talked(?: at length| in detail| further)? (?:with|to)|"
            r"discussed(?: at length| in detail| further)? (?:with|to)|d/w|called by|called(?: to)?|paged by|paged|"
            r"informed|notified|updated|endorsed to|report given to|report called to|given to|called to|"
            r"report to|reported to|signed out to|handed over to|met with|met w/|mtg with|mtg w/|meeting with|meeting w/|"
            r"meet with|meet w/|"
            r"ask(?:ed)?|told|consulted|"
            r"rec'?d report from|received report from|got report from|took report from|report from|"
            r"covering for|relieved by|msg left for|message left for|lm for|lmom for|lvm for|l/m for|"
            r"left (?:a )?(?:msg|message) (?:for|with)|call placed to|msg from|message from|call from|"
            r"phone call from|voice ?mail from|vm from|verified with|witnessed by|caller|adjuster|billing contact|refers to (?:him|her)self as|goes by|prefers to be called|"
            r"likes to be called|note written by|written by|care (?:assumed|taken over) by|"
            r"care (?:turned|handed|signed) over to|calling (?:out )?for|asking for|followed by|"
            r"covered by|managed by|attending of record|known as|aka|a\.k\.a\.|nickname is|answers to|asked to be called|"
            r"reviewed with|read by|performed by|assisted by|obtained by|drawn by|extubated by|intubated by|placed by|"
            r"inserted by|interpreted by|time ?out (?:performed |done )?with|"
            r"wants to be called|named (?:him|her)|call(?:s|ed)? (?:me|him|her)|i['’]?m|i am|"
            r"my (?:first |last |full )?name(?: is|\?|:)|his (?:first |last |full )?name(?: is|\?|:)|"
            r"her (?:first |last |full )?name(?: is|\?|:)|your (?:first |last |full )?name(?: is|\?|:)|"
            r"pt'?s (?:first |last |full )?name(?: is|\?|:)|"
            r"patient'?s (?:first |last |full )?name(?: is|\?|:)|cardiologist (?:is|was)|"
            r"oncologist (?:is|was)|nephrologist (?:is|was)|neurologist (?:is|was)|"
            r"pulmonologist (?:is|was)|surgeon (?:is|was)|pcp (?:is|was)|physician (?:is|was)|psychiatrist (?:is|was)|"
            r"therapist (?:is|was)|counselor (?:is|was)|"
            r"nurse (?:is|was)|np (?:is|was)|read back by|measured by|uploaded by|rejected by|my ride|a friend,|"
            r"friend named|partners?(?: named)?,?|paged to|labell?ed by|married(?:(?: x| for)? \d{1,2} (?:yrs|years))? to|"
            r"interrogated by|clarif(?:y|ied) with|confirmed with|collected by|approved by|dispensed by|fit(?:ted)? by|"
            r"applied by|scored by|re-?run by|registered by|filled by|counted by|removed by|completed by|checked by|"
            r"verified by|done by|delivered by|set up by|entered by|received from|"
            r"recvd from|rec'd from|sbar from|sign-?out from")
        + r")[ \t]+[\"“]?(?=[A-Za-z])",
        re.I,
    )
    # After these a word outside every lexicon is taken as a name; after 'per'/'called' it must be a known name.
    PEOPLE_VERB = re.compile(
        r"(?:for referring|seen|evaluated|examined|spoke|talked|discussed|d/w|paged|endorsed|report|signed|rec'?d|received|got|took|"
        r"covering|relieved|msg|message|left|lm|lmom|lvm|l/m|call placed|call from|phone|voice ?mail|vm|verified|witnessed|caller|adjuster|billing contact|refers|goes|prefers|likes|note|written|care|"
        r"handed|met|mtg|meeting|meet|named|called by|attending|known|aka|a\.k\.a|nickname|answers|asked to|wants|calls? me|called (?:me|him|her)|my|his|her|your|pt|patient|"
        r"reviewed|managed|read|performed|assisted|obtained|drawn|extubated|intubated|placed|inserted|interpreted|time ?out|"
        r"cardiologist|oncologist|nephrologist|neurologist|pulmonologist|surgeon|pcp|physician|psychiatrist|therapist|"
        r"counselor|nurse|np|measured|uploaded|rejected|a friend|friend|partner|labell?ed|married|interrogated|clarif|"
        r"confirmed|collected|approved|dispensed|fit|applied|scored|re-?run|registered|filled|counted|removed|"
        r"completed|checked|verified|recvd|sbar|sign-?out)",
        re.I,
    )
    LABEL = re.compile(
        r"(?=[A-Za-z])(?<![A-Za-z])(?P<label>" + by_first_letter(
            r"patient[ \t]*name|pt\.?[ \t]*name|first[ \t]*name|last[ \t]*name|full[ \t]*name|name|nok|next of kin|"
            r"emergency contact|contact person|health ?care proxy|hcp|pcp|primary care(?: physician| provider)?|"
            r"attending|surgeon|(?:referring|sending|accepting|receiving) (?:md|physician|doctor)|signed by|"
            r"electronically signed by|dictated by|"
            r"coverage|covering(?: md| np)?|night float|on call|interpreter|chaplain|case manager|social worker|"
            r"guardian|nurse|rn|md|np|signed|signature|resident|fellow|intern|visitors?|visited by|transcribed by|decedent|"
            r"transcriptionist|reviewed by|guarantor|subscriber|insured|policy ?holder|caller|adjuster|billing contact|"
            r"alias(?: on file)?|aka|responsible party|ec[ \t]*#?[ \t]*\d|present|attendees|in attendance|participants|"
            r"worker|staff involved|rph|"
            + CARE_TEAM_LABELS)
        + r")[ \t]*:[ \t]*(?=[A-Za-z])",
        re.I,
    )
    KIN_FIRST = re.compile(r"(?:(?i:his|her|pt'?s|patient'?s)[ \t]+)?(?P<k>[A-Za-z]+)\b[ \t]*[,:-]?[ \t]*")
    # 'Emergency contact Grant', 'HCP is MARY': a relative's label without a colon; the name must start with a capital.
    KIN_LABEL = guarded(re.compile(r"(?<![A-Za-z])(?i:" + by_first_letter(r"emergency contact|next of kin|nok|health ?care proxy|hcp")
                           + r")(?:[ \t]+is|[ \t]*,)?[ \t]+(?=[A-Za-z])"))  # 'HCP is MARY', 'pt's HCP, Rose Opdahl,'
    # 'Marguerite reports that her sugars ...', 'Emily Opdahl states she ...': a sentence opening on a first name (and
    # maybe a surname) before a reporting verb; the first word must be a known first name ('Pt reports', 'Family
    # states', 'Dermatology notes' are not).
    REPORT_VERBS = ("reports", "states", "denies", "complains", "says", "endorses", "admits", "declines", "refuses",
                    "requests", "wishes", "feels")
    NAME_VERB = re.compile(r"(?m)(?:^|[.;!?][ \t]+)[ \t]*(?P<n>[A-Z][a-z'’-]+|[A-Z]{2,})(?:[ \t]+(?P<s>[A-Z][a-z'’-]+|[A-Z]{2,}))?"
                           r"[ \t]+(?i:" + "|".join(REPORT_VERBS) + r")\b")
    # 'BREZHONI RESTLESS OVERNIGHT', 'Esterhuizen TREMULOUS, DIAPHORETIC': a clause opening on the patient's (uncommon)
    # name and then a state; found from the state word, the name read backwards.
    STATE_WORD = guarded(re.compile(r"(?<![A-Za-z])(?i:" + by_first_letter(
        r"restless|awake|alert|unresponsive|confused|sleeping|slept|tearful|tremulous|agitated|lethargic|anxious|"
        r"combative|cooperative|oriented|nauseated|diaphoretic|asking|refusing|refused|ambulating|ambulated|"
        r"tolerating|tolerated|resting|crying|comfortable|somnolent|drowsy") + r")(?![A-Za-z])"))
    SUBJECT_BEFORE = re.compile(r"(?:^|[.;!?][ \t]+|\n[ \t]*)(?P<n>[A-Za-z][A-Za-z'’-]{3,})[ \t]+$")
    # 'Mbeki is a 67 yo man admitted with CHF': a note opening on the patient's name and age.
    AGE_HINT = guarded(re.compile(r"\b(?i:is|was)[ \t]+(?i:an?)[ \t]+\d"))  # NAME_AGE tries every line start; this is cheap
    NAME_AGE = re.compile(r"(?:^|[.;!?][ \t]+|\n[ \t]*)(?:(?P<f>[A-Za-z][A-Za-z'’-]+)[ \t]+)?(?P<n>[A-Za-z][A-Za-z'’-]+)[ \t]+(?i:is|was)[ \t]+(?i:an?)[ \t]+"
                          r"\d{1,3}[ \t-]*(?i:yo\b|y/o|y\.o\.|year|yr)")
    # 'PT, ESTERHUIZEN BREZHONI, ADMITTED', 'PATIENT MBEKI OPDAHL TRANSFERRED': two probable names after pt/patient.
    PT_NAME = guarded(re.compile(r"(?<![A-Za-z])(?i:pt|patient)[ \t]*,?[ \t]+(?:(?i:is|name[ \t]+is)[ \t]+)?(?P<a>[A-Za-z][A-Za-z'’-]+)[ \t]+(?P<b>[A-Za-z][A-Za-z'’-]+)"
                         r"(?=[ \t]*(?:[,(]|$|\n|(?i:dob|d\.o\.b|mrn|is|was|admitted|transferred)\b))"))
    # 'could you see Opdahl Mbeki, a 67M with new AF', 'wood hill, a 54 y/o woman': a name before its age apposition.
    # Found from the age (a scan from ',' is ~10x faster), then the one or two words before the comma are read.
    AGE_APPOSITION = re.compile(r",[ \t]*(?i:an?)[ \t]+\d{1,3}[ \t-]*(?i:y/?o|yo|yr|years?[ \t-]*old|year|m|f)\b")
    APPOSED_WORDS = re.compile(r"(?<![A-Za-z'’-])(?P<a>[A-Za-z][A-Za-z'’-]+)(?:[ \t]+(?P<b>[A-Za-z][A-Za-z'’-]+))?[ \t]*$")
    # 'Electronically signed by Wood Hill on 04/12', 'Dictated by Page Long, MD': a signer without a colon.
    SIGNED = guarded(re.compile(r"(?<![A-Za-z])(?i:(?:electronically[ \t]+)?signed(?:[ \t]+electronically)?[ \t]+by|"
                        r"dictated[ \t]+by|transcribed[ \t]+by|authenticated[ \t]+by|reviewed[ \t]+and[ \t]+signed[ \t]+by)"
                        r"[ \t]+(?=[A-Za-z])"))
    # 'Dictated by: JQ/tt', 'Transcribed by: kz/tt/bw': the typists' initials after the signer's, slash-joined.
    TYPIST_AFTER = re.compile(r"(?:/[A-Za-z]{2,4}){1,2}(?![\w/])")
    # Letters: 'Dear Tamsin,' on a line of its own; 'Sincerely, Hill Young, MD' (the name on that line or the next).
    SALUTATION = re.compile(r"(?im)^[ \t]*(?:dear|hi|hello)[ \t]+(?P<n>[A-Za-z][A-Za-z'’-]*(?:[ \t]+[A-Za-z][A-Za-z'’.-]*){0,2})"
                            r"[ \t]*[,:!]?[ \t]*$")
    # 'OFFICERS MBEKI + BREZHONI', 'crew Vukovich & Kravetzky': the next name in a titled pair.
    PLUS_NEXT = re.compile(r"[ \t]*[+&][ \t]*(?P<n>[A-Za-z][A-Za-z'’-]+)(?![A-Za-z'’/-])")
    # 'DEAR HILL, THANK YOU FOR ...': a salutation with the letter going on after the comma.
    DEAR_INLINE = guarded(re.compile(r"(?<![A-Za-z])(?i:dear)[ \t]+(?P<n>[A-Za-z][A-Za-z'’-]+)[ \t]*,"))
    # 'HI OTTOLINE, YOUR DAD HAD A QUIET NIGHT', 'Good morning Tamsin - your INR ...': a greeting, then the letter goes on.
    GREETING_INLINE = guarded(re.compile(r"(?<![A-Za-z])(?i:hi|hello|hey|good[ \t]+(?:morning|afternoon|evening))[ \t]+"
                                         r"(?P<n>[A-Za-z][A-Za-z'’-]+)[ \t]*(?:[,!]|[ \t][-–—][ \t])"))
    # 'THANKS JOSS FOR COVERING BREAKS'; a message signed at its line's end: 'cheers, Page', 'xo Oriel', 'thanks
    # -Zinnia rn', 'kind regards, bill brown, cnm'.
    THANKS_FOR = guarded(re.compile(r"(?<![A-Za-z])(?i:thanks|thank[ \t]+you)[ \t]+(?P<n>[A-Za-z][A-Za-z'’-]+)[ \t]+(?i:for)\b"))
    _SIGNER_CREDENTIAL = r"(?i:rn|md|np|pa-c|pa|cnm|lpn|licsw|msw|pharmd|rrt|do)(?![A-Za-z])"
    SIGNED_AT_END = guarded(re.compile(
        r"(?<![A-Za-z])(?i:thanks|thank[ \t]+you|cheers|regards|xo|xoxo)[ \t]*[,!]?[ \t]*[-–—]?[ \t]*"
        r"(?P<n>[A-Za-z][A-Za-z'’-]+(?:[ \t]+(?!" + _SIGNER_CREDENTIAL + r")[A-Za-z][A-Za-z'’-]+)?)"
        r"(?=[ \t]*(?:,[ \t]*)?(?:" + _SIGNER_CREDENTIAL + r"\.?[ \t]*)?(?:[.!]?[ \t]*$))", re.M))
    SIGN_OFF = re.compile(r"(?im)^[ \t]*(?:sincerely(?:[ \t]+yours)?|yours[ \t]+(?:sincerely|truly)|respectfully|cordially|"
                          r"(?:with[ \t]+)?(?:best|kind|warm|warmest)?[ \t]*regards|best[ \t]+wishes)[ \t]*,[ \t]*\n?[ \t]*"
                          r"(?=[A-Za-z])")
    # 'MBEKI, OPDAHL MRN 1234567', 'Haberstroh, Dmitri J  DOB 3/4/51': a 'Surname, First' header before an identifier.
    # Mid-line too after 'to', 'for', 'pt' ('BED 12 ASSIGNED TO Long, Frank (MRN 4471923)'); at a line's start also
    # before an age and sex (AGE_SEX_HEADER: 'BELL, MARCUS - 71M, S/P FALL').
    HEADER_NAME = re.compile(
        r"(?m)(?:^[ \t]*(?:(?i:re|patient|pt|name)[ \t]*:[ \t]*)?|(?<![A-Za-z])(?i:to|for|pt|patient)[ \t]+)"
        r"(?P<a>[A-Za-z][A-Za-z'’-]+),[ \t]*(?P<b>[A-Za-z][A-Za-z'’-]+|[A-Za-z]\.)"
        r"(?:[ \t]+(?!" + _ID_LABEL + r")(?P<c>[A-Za-z]\.?|[A-Za-z][A-Za-z'’-]+))?[ \t]*,?[ \t]+\(?(?=" + _ID_LABEL
        + r"|#?[ \t]*\d{6,})")
    AGE_SEX_HEADER = re.compile(r"(?m)^[ \t]*(?P<a>[A-Za-z][A-Za-z'’-]+),[ \t]*(?P<b>[A-Za-z][A-Za-z'’-]+)[ \t]*[-–(,][ \t]*"
                                r"(?=\d{1,3}[ \t]*(?:[MF]|yo|y/o|(?i:year))\b)")
    # 'Re: Grant Wood, DOB 4/11/1957', 'PATIENT: TAMSIN OLUWASEUN MRN 0041877': after a header label, a first-name-first
    # name (two or three words) before an identifier label.
    HEADER_FIRST_LAST = re.compile(
        r"(?m)(?:^|[ ]{2}|\t)[ \t]*(?i:re|patient|pt|name|patient[ \t]+name)[ \t]*:[ \t]*(?P<a>[A-Za-z][A-Za-z'’-]+)[ \t]+(?!" + _ID_LABEL
        + r")(?P<b>[A-Za-z][A-Za-z'’-]+)(?:[ \t]+(?!" + _ID_LABEL + r")(?P<c>[A-Za-z][A-Za-z'’-]+))?[ \t]*,?[ \t]+\(?(?="
        + _ID_LABEL + r")")
    # 'RE: MBEKI, ESTERHUIZEN' alone on a line: a letter's subject is the patient, 'Surname, First' in any case.
    RE_LINE = re.compile(r"(?m)^[ \t]*(?i:re)[ \t]*:[ \t]*(?P<a>[A-Za-z][A-Za-z'’-]+),[ \t]*(?P<b>[A-Za-z][A-Za-z'’-]+)"
                         r"(?:[ \t]+(?P<c>[A-Za-z]\.?))?[ \t]*$")
    # 'PT (Sue) in to eval': a lone capitalised first name in brackets.
    PAREN_NAME = re.compile(r"\([ \t]*(?P<n>[A-Z][a-z]+|[A-Z]{3,})[ \t]*\)")
    # 'Kathy (CM)', 'Jen, SW', 'Smith - resident': a role word right after the name.
    ROLE_AFTER = re.compile(
        r"[ \t]*(?:\([ \t]*(?:cm|sw|np|pa|rn|md|ho|rrt|rt|ot|rpft|rpsgt|rdcs|rdms|crna|cnm|lpn|cna|pca|pct|pharmd|rph|"
        r"slp|lcsw|licsw|msw|evs|epilepsy[ \t]+rn|orthotist)\b|\([ \t]*pt[ \t]*\)|"
        r"(?:\([ \t]*|,[ \t]*|[ \t]-[ \t]*)(?:the[ \t]+)?(?:[a-z]{2,12}[ \t]+)?"
        r"(?:case manager|case mgr|case management|social worker|resident|intern|fellow|attending|house officer|pharmacist|"
        r"nutritionist|dietitian|chaplain|physical therapist|respiratory therapist|liaison|interpreter|translator|"
        r"unit secretary|secretary|pathologist assistant|program director|funeral director|orthotist|sonographer|"
        r"night float|charge nurse|nm|na|dialysis|aps|neob|bed mgmt|pharmacist|palliative|emt(?:-[pb])?)\b|"
        # 'Brown (WOUND RN)', 'Hope (BIOMED)': a bracketed role of one or two words after the name
        r"\([ \t]*(?:[a-z]{2,12}[ \t]+){0,2}(?:rn|np|res|md|pa|rt|tech|attg|ho|nurse|audiology|biomed|educator|radiology|lab|"
        r"renal|cards|ep|gi|pcp|hemepath|pathology|chaplaincy|staffing|pacu|us|ir|id|pharmacy|intensivist|hospitalist|"
        r"anesthesia|palliative|admitting)"
        r"[ \t]*(?=\)))"
        r"[ \t]*\)?",
        re.I,
    )
    # 'HO BROWN NOTIFIED', 'covering md long aware': a role word, one word, then a contact verb (found from the verb).
    CONTACT_VERB = guarded(re.compile(
        r"(?<![A-Za-z])(?i:" + by_first_letter(r"aware|notified|paged|called|informed|updated|in to see|in @|at bedside|at bs|"
                                               r"following|consulted|covering|re:|present|visited") + r")(?![A-Za-z])"))
    ROLE_NAME_BEFORE = guarded(re.compile(
        r"(?<![A-Za-z])(?i:h\.?o\.?|md|np|pa|rn|intern|resident|fellow|attending|covering|cm|sw|mgr|manager|worker|chaplain|"
        r"pharmacist|therapist|nutritionist|dietitian|float|interpreter|translator)[ \t]+"
        r"(?P<n>[A-Za-z][A-Za-z'’-]+)[ \t]+(?i:(?:is|was|made)[ \t]+)?$"))
    # 'RN Marguerite covering', 'CALLED HO BREZHONI RE: BP', 'PER ATTENDING ROSE,': a role title right before a name.
    ROLE_TITLE = guarded(re.compile(
        r"(?<![A-Za-z/])(?i:" + by_first_letter(r"np|rn|ho|h\.o\.|resident|fellow|attending|intern|sw|chaplain|interpreter|"
                                                r"translator|atty|attorney|liaison|nurse|case manager|social worker|"
                                                # a physician assistant, not the pulmonary artery ('PA LINE', 'PA SAT')
                                                r"pa(?![ \t]+(?:line|lines|cath|catheter|pressures?|port|sats?|systolic|"
                                                r"diastolics?|mean|numbers|tracing|wedge|waveform|gram|catheters)\b)|"
                                                r"cm(?<![0-9][ \t]cm)|by rt|by rrt|perfusionist|sonographer|consultant|nnp|doula|"
                                                r"officer|worker|sitter|pca|pastor|priest|rabbi|imam|counselor|coordinator|medic|"
                                                r"paramedic|emt|therapist|babysitter|nanny|guardian ad litem|ot|supervisor|foreman|"
                                                r"lawyer|detective|union rep|attn:?|chiropractor|podiatrist|optometrist|audiologist|dentist|"
                                                r"hygienist|owner|co-?worker|crew|tech|technician|technologist|study monitor|"
                                                r"administrator|don|adon|cna|lpn|coach|principal|director|classmate|teacher|trainer|"
                                                r"athletic trainer|superintendent|warden|physiologist|phlebotomist|scheduler|operator|aide|"
                                                r"house manager|hired hand|employer contact|emergency contact|sponsor|slp|crna|srna|rd|orthotist|"
                                                r"prosthetist|pharmacist|dietitian|dietician|cde|neuro res|minister|cardiologist|oncologist|"
                                                r"nephrologist|neurologist|pulmonologist|radiologist|hospitalist|intensivist|"
                                                r"anesthesiologist|pathologist|surgeon|covering md|hha|case reviewer|msw|case mgr|case worker|"
                                                r"caseworker|cnm|volunteer|aod|stroke neuro|scrub|circulator|nurses|rep|pcp|cytotech|"
                                                r"neuroradiologist|scribe|educator|navigator|decedent|coroner|"
                                                r"investigator|facilitator|secretary|visitor|witness|employee|"
                                                r"manager|examiner|on call|ip|by ma|per ma|w/ ma|with ma|pathologist assistant|"
                                                r"program director|funeral director|prosector|assistant|cn|fr(?<![0-9][ \t]fr)(?<![0-9]fr)\.?|pharm d|interp|ofc|officers|"
                                                r"dispatcher|driver|flight nurse|flight rn|coord|elder|senior|na|nm|"
                                                r"rph|anesthesia|charge nurse|backup|nf|res|attg|pharm(?![ \t]+d\b)|biomed|woc|huc|endo|clinician|provider|charge|charge rn|"
                                                r"cross-?cover|night float|mgr|intake|lab|staff|sn|preceptor|precep|orientee|traveler|traveller|cns|phleb|"
                                                r"specialist|instructor|advocate|buddy|roommates?|mates|student|student nurse|pharmd|rt|rrt|on-call|"
                                                r"iv team|clerk|reg clerk|agent|attendant|leader|vso|det\.?|judge|boss|asst|anes|"
                                                r"sup|supv|evs|courier|float|circ|escort|midwife|child life|cpm|crc|"
                                                r"ops|pio|"
                                                r"transport|transporter|tutor|mfm|mhw|harbormaster|lift team|"
                                                r"anesth|perfusion|histotech|surg:?|assist:|anes:|anesth:") + r")[ \t]+"
        r"(?=(?P<n>[A-Za-z][A-Za-z'’-]+)(?![A-Za-z'’/-]))"))
    # 'Brezhoni/Mbeki aware', 'MD'S LONG/WOOD AWARE', 'Fellow/Resident: Kravetzky/Brezhoni': two names joined by a slash,
    # with a contact verb after them or a role word before them.
    # Up to four: 'RNS HILL/ROSE/BREZHONI', 'SIBLINGS (OPDAHL/BREZHONI/TADDEUCCI/LARK)'.
    SLASH_PAIR = re.compile(r"(?<![A-Za-z/])(?P<l>[A-Za-z][A-Za-z'’-]{2,}(?:/[A-Za-z][A-Za-z'’-]{2,}){1,3})(?![A-Za-z/])")
    SLASH_ROLE_BEFORE = guarded(re.compile(r"(?<![A-Za-z])(?i:md'?s|mds|drs?\.?|team|resident|residents|fellows?|attendings?|"
                                   r"fellow/resident|resident/fellow|np|rn|cards|surgery|renal|micu|ccu|anesthesia|cna|cnas|phleb|crna|mgr|"
                                   r"techs?|rns|sitters?|preceptors?|crew|ho|hos|interns?|officers?|siblings?|nps|pas|"
                                   r"medics?|anes|anesth|lpns?|circ|scrub|aides?|security|decon|escorts?|witness(?:es)?|"
                                   r"attendees|present|transporters?|pcas?|cmts?|drivers?)[ \t]*[:(]?[ \t]*$"))
    SLASH_VERB_AFTER = re.compile(r"[ \t]*(?:(?i:both|are|were|was|made)[ \t]+)?(?i:aware|notified|paged|called|informed|"
                                  r"updated|in to see|at bedside|following|responded|on tonight|working|on duty|signed)\b")
    # 'Per her PCP, Brown, pt has been declining', 'HIS CARDIOLOGIST, MBEKI, AGREES': a name between commas after a role.
    APPOSITION = guarded(re.compile(r"(?<![A-Za-z])(?i:" + by_first_letter(
        r"pcp|pmd|cardiologist|oncologist|nephrologist|neurologist|pulmonologist|surgeon|psychiatrist|therapist|dentist|"
        r"podiatrist|physician|attorney|lawyer|guardian|case manager|social worker|sponsor") + r")[ \t]*,[ \t]*"
        r"(?P<n>[A-Za-z][A-Za-z'’-]+(?:[ \t]+[A-Za-z][A-Za-z'’-]+)?)[ \t]*,"))
    # 'call Grant at (617) 555-0166', 'reach mbeki at 978...': one or two words between a calling verb and the number.
    CALL_AT = guarded(re.compile(
        r"(?<![A-Za-z])(?i:call|contact|reach|text|page|paged|called)[ \t]+"
        r"(?P<n>[A-Za-z][A-Za-z'’-]+(?:[ \t]+[A-Za-z][A-Za-z'’-]+)?)[ \t]+(?i:at|on)[ \t]+(?=[(+]?\d|(?i:ext|x)\.?[ \t]*\d)"))
    # Where a lone name after a label ends: the line, a comma or a slash, or a credential ('tech: rose, rrt').
    NAME_ENDS = re.compile(r"[ \t]*(?:$|[,;/)\n]|(?i:rn|rrt|md|np|pa|crna|rt)\b)", re.M)
    # Verbs that give a person's name and nothing else: after them any first name or frequent surname is the name.
    CALLED = guarded(re.compile(r"(?i:(?:prefers|likes|asked|wants)[ \t]+to[ \t]+be[ \t]+called|goes[ \t]+by|known[ \t]+as|"
                        r"nickname[ \t]+is|aka|a\.k\.a\.)[ \t]+$"))
    # A signature at the end of a line: 'Will continue to monitor. - Brezhoni', '-Price Young', '~FRANK', '--Hill RN'.
    # Found from the dash (a pattern that opens on a character class scans fast); _signatures checks what is before it.
    DASH_SIGNATURE = re.compile(r"(?m)[-–~]-?[ \t]*(?P<n>[A-Za-z][A-Za-z'’-]+(?:[ \t]+[A-Za-z][A-Za-z'’-]+)?)"
                                r"(?:,?[ \t]+(?i:rn|md|np|r\.n\.|m\.d\.))?[ \t]*$")
    AFTER_SENTENCE = re.compile(r"[.!?][ \t]+$")
    # 'Baby boy Hill is a 32 wk preemie', 'Twin A (Kravetzky)': an infant's name after baby boy / girl or twin A / B.
    BABY = guarded(re.compile(r"(?<![A-Za-z])(?i:baby|infant|twin)[ \t]+(?i:boy|girl|[ab](?![A-Za-z]))[ \t]*(?:\([ \t]*)?(?=[A-Za-z])"))
    # 'Procedure performed by Page with Bill assisting': a helper named before 'assisting'.
    ASSISTING = guarded(re.compile(r"(?<![A-Za-z])(?i:with)[ \t]+(?P<n>[A-Za-z][A-Za-z'’-]+)[ \t]+(?i:assisting|assisted)\b"))
    # 'PLAN PER CARDS (WOOD)', 'attending (rice)', 'PT (sally)': one word in brackets after a service or role word.
    # 'family (Brezhoni, Taddeucci)': up to three words joined by commas, 'and' or slashes.
    PAREN_WORD = re.compile(r"[([][ \t]*(?P<n>[A-Za-z][A-Za-z'’-]+(?:[ \t]+[A-Za-z][A-Za-z'’-]+)?)(?:[ \t]*(?:,|&|/|(?i:and)\b)[ \t]*(?P<n2>[A-Za-z][A-Za-z'’-]+))?"
                            r"(?:[ \t]*(?:,|&|/|(?i:and)\b)[ \t]*(?:(?i:and)[ \t]+)?(?P<n3>[A-Za-z][A-Za-z'’-]+))?[ \t]*[)\]]")
    SERVICE_BEFORE = guarded(re.compile(
        r"(?<![A-Za-z])(?i:team|attending|fellow|resident|intern|cards|cardiology|renal|surgery|ortho|neuro|gi|pulm|"
        r"micu|ccu|sicu|ho|np|md|pt|ot|sw|cm|rn|nurse|nsg|social work|case management|case mgr|id|onc|heme|psych|"
        r"nutrition|pharmacy|chaplain|ep|ir|family|anesthesia|anesthesiology|interpreter|ethics|palliative care|"
        r"wound care|pastoral care|blood bank|transfusion service|lab|spine|nsurg|neurosurgery|trauma|medical examiner|"
        r"me|ethics consult|consult|parents['’]?|organ bank|neob|opo|police|dietitian|slp|rd|rt|"
        r"cardiologist|surgeon|pcp|speech|geri|geriatrics|neuropsych|poison control|radiology|child life|"
        r"spiritual care|evs|bed flow|bed board|transfer center|admitting|aps|staffing|security|dialysis|vna|"
        r"pall care|dietary|biomed|supervisor|liaison|transport|iv team|nm|rph|pharmacist|sitter|on[ -]call|"
        r"surg|vasc|vascular|hepatology|liver|micro|microbiology|ent|uro|urology|derm|dermatology|perfusion|addictions?|"
        r"pharm|tech|pacs|svc|service|staff|audiology|endo|endocrine|hf|transplant|txp|plastics|gyn|ob|peds|nicu|"
        r"ophtho|podiatry|rheum|tox|toxicology|neurology|psychiatry|pain|rehab|pathology|path|echo|imaging|"
        r"nephrology|oncology|lactation|phlebotomy|office|school|visitor|icu|intake|mfm|chaplaincy|clinic|"
        r"wocn|palliative|anes|there|mgmt|risk mgmt|health|control|housekeeping|svcs|services|admissions|clerk|"
        r"registration|"
        r"daughter['’]?s?|son['’]?s?|dtrs?|dtr['’]s|wife['’]s|husband['’]s|sister['’]?s?|brother['’]?s?)[ \t]*$"))
    # 'Esterhuizen NP in to see pt', 'dmitri rn covering', 'Kravetzky, RNC': a credential right after the name.
    # Matched from the credential (a space or comma before it); the separator is stepped over in _separator_start.
    CREDENTIAL_AFTER = re.compile(r"(?<=[ \t,/])(?i:" + by_first_letter(r"np|rn|rnc|md|cns|rrt|pa-c|licsw|r\.n\.?|m\.d\.?|au\.?d\.?|dpm|pharmd|lpn|cna|"
                                                                      r"dmd|dds|rdh|mls|cwocn|crna|ibclc|cnm|cst")
                                  + r")(?![A-Za-z])")
    # 'neuropsych by Frank, PhD', 'referral to Bill, RD', 'Hill Grant, DO.': credentials that are also words or
    # abbreviations ('do', 'ms', 'rd'), a name's only after a comma and before the clause ends.
    COMMA_CREDENTIAL = re.compile(r",[ \t]*(?P<c>(?i:phd|ph\.d\.?|psyd|rd|ms|do|cgc|rdcs|rdms|rpsgt|rpft|otr(?:/l)?|esq\.?|"
                                  r"facc|fase|mhw|pa|slp|lmft|lmhc|ladc|cde|cdces))(?![A-Za-z])"
                                  r"(?=[ \t]*(?:[,.;:)(]|$|\n|(?i:on|at|for|in|to|re)\b))")
    COMMA_BEFORE = re.compile(r",[ \t]*$")
    # 'NAME: PRICE, YOUNG', 'Patient name: Mbeki, Dmitri J': the first name (and an initial) after a name label's comma.
    # '... on WED 2071-10-15': a signature's date may follow the first name
    INVERTED = re.compile(r",[ \t]*(?P<f>[A-Za-z][A-Za-z'’-]+(?:[ \t][A-Za-z]\.?(?=$|[\s,]))?)"
                          r"(?=[ \t]*(?:$|[\n,;(]|[ \t]{2})|[ \t]+(?i:on|at)[ \t]+\w)")
    LIST_JOIN = re.compile(r"[ \t]*(?:,|;|(?i:and)|&|/|\+)[ \t]*(?:(?i:and)[ \t]+)?[\"“]?(?=[A-Za-z])")
    ITEM_END = re.compile(r"[ \t]*(?:[,;.]|$|(?i:and|&)[ \t])", re.M)  # where a one-word list item ends
    # Where a name after a role title ends its clause: 'fellow BROWN;', 'nurse Hill (508-555-0159)'.
    CLAUSE_END = re.compile(r"[ \t]*(?:[.,;:)(@]|$|\n|[-–][ \t])", re.M)
    # 'CALLED TO BEDSIDE BY RN HILL FOR ...', 'report from tech wood at 0700': after an agent word and a title, a known
    # name goes on into a preposition.
    AGENT_BEFORE = re.compile(r"(?<![A-Za-z])(?i:by|per|from|to|w/|with|paged|called|notified)[ \t]+$")
    PREPOSITION_AFTER = re.compile(r"[ \t]+(?i:for|at|to|in|re|about|on|with|w/|x)\b")
    # 'Bill from cardiology recommends': a name, then the service the person came from.
    FROM_SERVICE = re.compile(
        r"(?<=[ \t])from[ \t]+(?:the[ \t]+)?(?:" + by_first_letter(r"cardiology|cards|renal|nephrology|ortho|orthopedics|neuro|"
        r"neurology|neurosurgery|nsurg|surgery|gi|id|pulm|pulmonary|onc|oncology|heme|psych|psychiatry|pt|ot|social work|"
        r"case management|nutrition|pharmacy|rehab|ep|ir|radiology|anesthesia|palliative care|pain service|admitting|"
        r"ccu|micu|sicu|csru|blood bank|lab|laboratory|micro|microbiology|pathology|sw|rt|vasc|vascular|chaplaincy|"
        r"psych liaison|liaison|transplant|ent|uro|urology|plastics|hepatology|lactation|endocrine|endo|staffing") + r")(?![A-Za-z])",
        re.I,
    )
    # 'Dmitri aware of K', 'KRAVETZKY NP IN TO SEE PT': a name opening the clause, then a contact verb.
    CLAUSE_NAME_BEFORE = re.compile(
        r"(?:^|[.;!?][ \t]+|\n[ \t]*)(?P<n>[A-Za-z][A-Za-z'’-]+)(?:[ \t]+(?:NP|RN|MD))?[ \t]+(?i:(?:is|was)[ \t]+)?$")
    WORD_BEFORE = re.compile(r"(" + TOKEN + r")[ \t]*$")
    LABEL_TYPES = {"nok": "RELATIVE_NAME", "next of kin": "RELATIVE_NAME", "emergency contact": "RELATIVE_NAME",
                   "contact person": "RELATIVE_NAME", "hcp": "RELATIVE_NAME", "healthcare proxy": "RELATIVE_NAME",
                   "health care proxy": "RELATIVE_NAME", "pcp": "CLINICIAN_NAME", "attending": "CLINICIAN_NAME",
                   "surgeon": "CLINICIAN_NAME", "signed by": "CLINICIAN_NAME", "electronically signed by": "CLINICIAN_NAME",
                   "dictated by": "CLINICIAN_NAME", "coverage": "CLINICIAN_NAME", "covering": "CLINICIAN_NAME",
                   "covering md": "CLINICIAN_NAME", "covering np": "CLINICIAN_NAME", "night float": "CLINICIAN_NAME",
                   "on call": "CLINICIAN_NAME", "case manager": "CLINICIAN_NAME", "social worker": "CLINICIAN_NAME",
                   "guardian": "RELATIVE_NAME", "visitor": "RELATIVE_NAME", "visitors": "RELATIVE_NAME",
                   "visited by": "RELATIVE_NAME", "transcribed by": "CLINICIAN_NAME",
                   "transcriptionist": "CLINICIAN_NAME", "reviewed by": "CLINICIAN_NAME",
                   "referring physician": "CLINICIAN_NAME", "primary care physician": "CLINICIAN_NAME",
                   **{f"{who} {title}": "CLINICIAN_NAME" for who in ("sending", "accepting", "receiving")
                      for title in ("md", "physician", "doctor")},
                   "decedent": "PATIENT_NAME", "alias": "PATIENT_NAME", "alias on file": "PATIENT_NAME",
                   "aka": "PATIENT_NAME", "responsible party": "RELATIVE_NAME",
                   "nurse": "CLINICIAN_NAME", "rn": "CLINICIAN_NAME", "md": "CLINICIAN_NAME",
                   "np": "CLINICIAN_NAME", "resident": "CLINICIAN_NAME", "fellow": "CLINICIAN_NAME",
                   "intern": "CLINICIAN_NAME", "signed": "CLINICIAN_NAME", "signature": "CLINICIAN_NAME"} | {
                       label: "CLINICIAN_NAME" for label in CARE_TEAM}
