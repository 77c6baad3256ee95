"""Role titles and credentials that several name rules read around a name: 'Officer Long', 'Hill RN, BSN'."""

import re

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
