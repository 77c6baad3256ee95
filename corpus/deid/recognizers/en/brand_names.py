"""Firms, agencies and churches named with everyday words, in any case: 'SUMMIT CARDIAC', 'lighthouse home care',
'Willow Creek wound ctr', 'OPEN DOOR SENIOR VAN'.

Case gives no signal in capitals or lower case, so the name words come from a word list: the nature, landform and
virtue words that agencies, vendors, homes and churches take as names, and that clinical writing does not use before a
trade word. A word that names only after another ('harbor light', 'open door') or a describing word ('good', 'blue')
never stands alone before the trade word ('good home care' is how care was, 'new pharmacy' a change).
"""

import re

from presidio_analyzer import RecognizerResult

from corpus.deid.recognizers.en.alternation import by_first_letter, guarded

# Name words that stand on their own. Left out on purpose: anatomy ('apex', 'crest', 'atlas'), places in a unit
# ('bay'), a clinical 'pathway', a legal 'guardian', and 'home' (a lake home is where someone stays).
BRAND = ("summit|ridge|creek|brook|brookside|hollow|valley|meadow|meadows|grove|pines|oaks|springs|lake|lakes|lakeside|"
         "river|riverside|riverbend|bayside|shore|lakeshore|seacoast|coastal|glen|dale|forest|harbor|harbour|haven|"
         "heights|landing|bluff|cove|vista|highlands|prairie|canyon|mesa|seaside|parkside|woodland|woodlands|timber|"
         "willow|willows|maple|cedar|cedars|oak|"
         "pine|birch|elm|aspen|evergreen|magnolia|juniper|laurel|sycamore|cypress|spruce|hawthorn|chestnut|acorn|sunrise|"
         "sunset|sunshine|rainbow|horizon|horizons|skyline|starlight|bluestone|granite|fieldstone|cobblestone|keystone|"
         "cornerstone|capstone|milestone|milestones|lighthouse|lantern|beacon|compass|pinnacle|meridian|lifeline|titan|"
         "liberty|heritage|legacy|pioneer|frontier|harmony|serenity|tranquility|shepherd|pathways|journey|crossroads|"
         "gateway|covenant|zion|calvary|bethel|bethany|emmanuel|harvest|vantage|zenith|patriot|eagle|falcon|sentinel|"
         "unity|oasis|sanctuary|genesis|trillium|lotus|mosaic|kindred|cardinal|bluebird|aurora|alpine|crescent|"
         "polaris|grace")
# Words that name only after a name word or a describing word ('harbor light', 'open door', 'good neighbor').
TAIL = "light|door|doors|path|paths|way|star|stars|point|view|gate|bridge|bridges|neighbor|neighbors"
# Describing words that open a name only before a name or tail word ('blue ridge', 'bright paths').
MODIFIER = "good|open|bright|blue|silver|golden|green|new|true|safe|little|big"
# The trade, service or place word after the name; it stays outside the span.
TRADE = ("pharmacy|pharmacies|home care|homecare|home health|home infusion|health plan|health care|healthcare|health|"
         "infusion|dialysis|ems|ambulance|medical transport|transportation|transport|rentals|rental|medical supply|"
         "medical|supply|church|ministries|residential|day hab|day program|wound ctr|wound center|wound clinic|"
         "wound care|hyperbaric|orthopedics|ortho|cardiology|cardiac|special care nursery|senior van|senior center|"
         "senior living|senior services|mobile icu|cert|counseling|counselling|behavioral health|recovery|hospice|rehab|"
         "snf|nursing|living|village|manor|lodge|group home|school|academy|labs|lab|imaging|radiology|oncology|"
         "pediatrics|family practice|family medicine|primary care|urgent care|physicians|associates|partners|group|"
         "services|foundation|shelter|clinic|center|centre|ctr|hospital|midwifery|dental|house|gardens|commons|"
         "apartments|apts|cremation|cremations|funeral services|removal|adoptions|adoption services|visitation center|"
         "donor network|nutrition|dentistry|pediatric dentistry|dme|rx|specialty rx|specialty pharmacy|notary services|"
         "daycare|day care|child care|preschool|early intervention|fiscal intermediary|mobility|movers|family services|"
         "family center|community health|memory care|assisted living")

_BRAND_SET, _TAIL_SET, _MODIFIER_SET = (frozenset(alts.split("|")) for alts in (BRAND, TAIL, MODIFIER))
_LETTER_RUN = re.compile(r"[a-z]+")  # every name word of a match is a whole run of letters
_WORDS = {w: kind for kind, alts in (("brand", BRAND), ("tail", TAIL), ("modifier", MODIFIER)) for w in alts.split("|")}
NAME_THEN_TRADE = guarded(re.compile(
    r"(?<![A-Za-z'’-])(?P<n>(?i:" + by_first_letter(f"{BRAND}|{TAIL}|{MODIFIER}") + r")(?:[ \t]+(?i:"
    + by_first_letter(f"{BRAND}|{TAIL}") + r")){0,2})[ \t]+(?P<t>(?i:" + by_first_letter(TRADE) + r"))(?![A-Za-z'’-])"))


def brand_names(text: str, lowered: str, etype: str) -> list[RecognizerResult]:
    """One span per name of everyday words before a trade word ('Summit' in 'SUMMIT CARDIAC')."""
    words = set(_LETTER_RUN.findall(lowered))
    if _BRAND_SET.isdisjoint(words) and (_TAIL_SET.isdisjoint(words) or _MODIFIER_SET.isdisjoint(words)):
        return []  # a name holds a name word, or a describing word and a tail word: most notes hold neither
    out = []
    for m in NAME_THEN_TRADE.finditer(text):
        kinds = [_WORDS[w.lower()] for w in m["n"].split()]
        if kinds[-1] == "modifier" or "modifier" in kinds[1:] or "brand" not in kinds and kinds[0] != "modifier":
            continue  # 'good home care', 'open pharmacy', 'way rehab': no name word before the trade
        out.append(RecognizerResult(etype, m.start("n"), m.end("n"), 0.6))
    return out
