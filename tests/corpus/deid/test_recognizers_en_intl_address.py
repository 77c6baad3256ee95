"""Table tests for international street lines: street-type words from Faker's locales (prefix, glued or standalone
suffix) next to a house number, building numbers before them, units and the town after them, and clinical look-alikes."""

import pytest

from corpus.deid import lexicons
from corpus.deid.recognizers.en.address_block_recognizer import AddressBlockRecognizer

REC = AddressBlockRecognizer()


def found(text):
    """The found spans, overlapping ones merged, in text order."""
    merged: list[list[int]] = []
    for start, end in sorted((r.start, r.end) for r in REC.analyze(text, REC.supported_entities)):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [text[s:e].strip() for s, e in merged]


CASES = [
    ("The title refers to Hauptstrasse 33 street in Bern.", ["Hauptstrasse 33"]),
    ("Send it to Lindengasse 80 Suite 979 WELS Upper Austria", ["Lindengasse 80 Suite 979 WELS Upper Austria"]),
    ("she lives at 255 kornblomstvej 18, århus", ["255 kornblomstvej 18, århus"]),
    ("Meet me at 8514 Fjellveien 46 Apt. 085 TROMSØ", ["8514 Fjellveien 46 Apt. 085 TROMSØ"]),
    ("Can you validate Björkvägen 15?", ["Björkvägen 15"]),
    ("I once lived in 416 Koivukatu 98 Apt. 934 TURKU FI. I now live here.", ["416 Koivukatu 98 Apt. 934 TURKU FI."]),
    ("Pedestrians must enter on Kase tee 87 the first three months", ["Kase tee 87"]),
    ("The office is at ul. Lipowa 53 in town", ["ul. Lipowa 53"]),
    ("Timotea lives on Via dei Mercanti 17 now.", ["Via dei Mercanti 17"]),
    ("The bus drops you off at 1093 Rua Sete de Abril 1257 St.", ["1093 Rua Sete de Abril 1257 St."]),
    ("The office is at Avenue d'Ouchy 109 Apt. 758, Lausanne", ["Avenue d'Ouchy 109 Apt. 758, Lausanne"]),
    ("The title refers to C/ Mayor Alcalá 88 street in Toledo.", ["C/ Mayor Alcalá 88"]),
    ("Address: 376 Petőfi út 13. Suite 104 Pécs", ["376 Petőfi út 13. Suite 104 Pécs"]),
    ("address:\n947 trg svobode 17 apt. 858 kranj slovenia.", ["947 trg svobode 17 apt. 858 kranj slovenia."]),
    ("It's in 633 Strada Provinciale 65 22 Suite 455\nGossau", ["633 Strada Provinciale 65 22 Suite 455", "Gossau"]),
    ("Lina Berg\n> 2224 Kongens gate 232\n> Apt. 342\n> BERGEN\n> Norway 64389",
     ["2224 Kongens gate 232", "Apt. 342", "BERGEN", "Norway 64389"]),
    ("It's in Λεωφόρος Κηφισίας 119, Athens", ["Λεωφόρος Κηφισίας 119, Athens"]),
    ("3565 Πλατεία Ομονοίας 204\n Suite 279\n ΛΕΜΕΣΟΣ", ["3565 Πλατεία Ομονοίας 204", "Suite 279", "ΛΕΜΕΣΟΣ"]),
    ("Oskar Lind\n\n7167 Postbox 53\n Apt. 631\n Nuuk", ["7167 Postbox 53", "Apt. 631", "Nuuk"]),
    ("??? 2274 Via delle Rose 41\n??? Apt. 322\n??? Roma", ["2274 Via delle Rose 41", "Apt. 322", "Roma"]),
    (">Maria Rossi\n>770 26 rue des Lilas Martin\n>Apt. 735\n>LYON", ["770 26 rue des Lilas Martin", "Apt. 735", "LYON"]),
    ("??? 688 rue du centre 320\n??? apt. 169\n??? namur", ["688 rue du centre 320", "apt. 169", "namur"]),
    ("Verda lives on 33 avenue de Provence street.", ["33 avenue de Provence street."]),
    ("meet me at 2407 koivistontie 6, espoo, finland", ["2407 koivistontie 6, espoo, finland"]),
    ("We'll meet at 641 Dlouhá 688, Lhota u Kolína", ["641 Dlouhá 688, Lhota u Kolína"]),
    ("she lives at 450 Hyldegårdsvej 15, København V", ["450 Hyldegårdsvej 15, København V"]),
    ("Address: 2437 Main St Suite 442\n   Mill Village\n    NS\n    B0J 2H0",
     ["2437 Main St Suite 442", "Mill Village", "NS", "B0J 2H0"]),
    ("1 ul. Lipowa 10 Apt. 360\n   Kraków\n    31-320", ["1 ul. Lipowa 10 Apt. 360", "Kraków", "31-320"]),
]

NEAR_MISSES = [
    "pt received 2 units prbc via 20g IV 2 hrs ago",
    "meds given via PEG 2 tabs each, flushed via NGT 30",
    "family came via ambulance 2 days ago; gate 2 at the entrance",
    "TEE 2 days ago showed no vegetation; plan tee 3/14",
    "Pt has a sacral ul. Stage 2, dressing changed",
    "C/O chest pain 8/10, C/ pain 2",
    "dose 2 of vanco given, Strada 3 times",
    "Via the daughter, pt lives alone in an apartment 2 flights up",
    "route 2 changed to PO, rue 3 days",
    "tie 2 sutures placed, ring 3 removed, Postbox",
    "Put 2 pillows under legs; Pad 4 changed; log 3 rolled",
    "pt ambulated with unsteady gate 20 ft with walker",
    "PLAN: VIA FOLEY 2 L OUT, REPEAT LYTES",
    "HR has been in 70s AV paced with no ectopy, and BP stable",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_when_international_street_line_then_found(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_when_clinical_look_alike_then_nothing_found(text):
    assert found(text) == []


def test_when_lexicon_loaded_then_prefixes_and_glued_suffixes_are_there():
    types = lexicons.intl_street_types()
    assert {"rue", "via", "ul.", "λεωφόρος", "calle", "-strasse", "-vägen", "-katu", "-tie", "-út"} <= types
    assert "street" not in types  # English street types stay in street_suffixes.txt


def test_when_long_mixed_case_note_with_numbers_then_nothing_found():
    text = ("Pt on vent via ETT 7.5 at 23 cm, suctioned q2 for thick tan sputum. Given 2 units via 18g IV, "
            "Lasix 40 IV at 1400 with 600 cc out. Family visited via Route 9, gate 4. Plan: wean FiO2 to 40 %. ") * 200
    assert found(text) == []
