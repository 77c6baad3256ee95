"""Role titles and credentials that several name rules read around a name: 'Officer Long', 'Hill RN, BSN'."""

import re

from corpus.deid.recognizers.en.alternation import by_first_letter

# Roles written before a name that census lists also hold as surnames: the first word of a run is the title.
ROLE_TITLES = frozenset({"sitter", "lawyer", "attorney", "officer", "nurse", "chaplain", "coordinator", "therapist",
                         "deputy", "sheriff", "detective", "trooper", "babysitter", "nanny", "supervisor", "foreman",
                         "counselor", "pastor", "priest", "rabbi", "imam", "medic", "paramedic", "interpreter",
                         "translator", "liaison", "worker", "manager", "pharmacist", "guardian", "caller", "adjuster",
                         "subscriber", "guarantor", "sergeant", "captain", "major", "colonel", "lieutenant", "ven"})
# Credentials that follow another credential ('RN BSN', 'np, msn'): never the name after a role title.
CREDENTIALS = frozenset({"rn", "bsn", "msn", "ccrn", "rnc", "cns", "np", "md", "pa", "rrt", "crt", "crtt", "aprn", "dnp",
                         "fnp", "anp", "lpn", "crna", "licsw", "msw", "cna", "lcsw", "rph", "pharmd", "emt", "phd", "mph",
                         "pa-c", "np-c", "fnp-c", "aud", "au.d", "dpm", "dmd", "dds", "rdh", "od", "mls", "cwocn", "cic",
                         "ccc-a", "ibclc", "cnm", "cst", "rdcs", "rdms", "rpsgt", "rpft", "otr", "mhw", "facc", "fase",
                         "esq", "cgc", "rd", "psyd", "cdces", "lmft", "lmhc", "ladc"})
# A credential as written: 'RN', 'M.D.', 'Ph.D.', 'Au.D.', 'PA-C'.
CREDENTIAL_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,4}(?![A-Za-z])|[A-Za-z]{2}\.[A-Za-z]{1,2}\.?(?![A-Za-z])|"
                              r"[A-Za-z]+(?:-[A-Za-z])?(?![A-Za-z.])")
# Staff abbreviations that are no credential: 'from SW Hill', 'per CM', 'RT aware'.
STAFF_ABBREVIATIONS = frozenset({"sw", "cm", "rt", "ot", "pt", "ho", "nf", "res", "attg", "huc", "woc", "slp"})
# Capitalised role abbreviations that are also first names: 'DON AWARE' is the director of nursing ('Don aware' a man).
UPPER_ROLE_ABBREVIATIONS = frozenset({"don", "adon"})
# A capitalised word next: 'Officer Long' names someone, 'officer at the door' does not.
CAP_AFTER = re.compile(r"[ \t]+[A-Z]")


def credential_at(text: str, pos: int) -> bool:
    """A credential starts at ``pos`` ('M.D.', 'RN', 'PhD', 'Au.D.')."""
    m = CREDENTIAL_TOKEN.match(text, pos)
    return bool(m) and m.group().replace(".", "").lower() in CREDENTIALS


# Weak titles that name the person when a known name ends the clause after them ('tech hill.', 'sw price,').
CLAUSE_TITLES = frozenset({"tech", "sw", "cm", "ho", "h.o.", "rep", "crew", "aide", "medic", "coord", "rrt", "sn", "cn",
                           "nm", "na", "evs", "sup", "supv", "courier", "float", "tutor", "mhw"})
VEHICLES = frozenset({"van", "bus", "vehicle", "car", "cab", "truck", "wagon"})
# Things a member of staff places, checks or updates whose words census lists also hold as surnames ('line', 'list').
STAFF_NOUNS = frozenset("line lines numbers number list lists board boards drain drains pump pumps cart carts bed beds "
                        "bag bags kit kits tray trays monitor monitors alarm alarms lead leads port ports film films "
                        "bottle bottles tubing catheter needle dressing dressings supplies papers paper packet report "
                        "reports results result values levels level samples sample specimen specimens cultures culture "
                        "swab swabs strip strips box boxes unit units team teams service services schedule assignment "
                        "assignments rounds order orders note notes sheet sheets form forms chart charts plan plans call "
                        "calls book books card cards key keys code codes shift shifts pool pools roster grid log logs"
                        .split())
# 'PA Young saw pt', 'tech wood drew labs', 'CM PAGE FAXED REFERRAL': what a member of staff does, right after a
# role title and one word; that word is the person's name, even a common word that is also a surname.
STAFF_VERB = re.compile(r"[ \t]+(?i:" + by_first_letter(
    r"called|notified|aware|paged|informed|updated|saw|seen|drew|witnessed|faxed|placed|removed|checked|verified|"
    r"suctioned|gave|hung|started|assessed|evaluated|"
    r"reports|reported|states|stated|agrees|agreed|accompanied|relieved|took|signed|co-?signed|wants|requests|"
    r"requested|recommends|recommended|confirmed|cleared|ordered|changed|inserted|picked up|delivered|dropped off|"
    r"rounded|reviewed|explained|brought|ok'?d|approved|declined|denied|to follow|will follow|will see|will call|"
    r"in to|came|returned call|called back|assisted|helped|transported|walked|spoke|discussed|entered|filed|sent|"
    r"scheduled|booked|arranged|obtained|collected|swabbed|documented|consented|covered|sat|stayed|set up|fitted|"
    r"adjusted|educated|taught|counseled|counselled") + r")(?![A-Za-z])")
