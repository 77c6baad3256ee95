"""Tests for the fifteenth-round rules: facility names typed as one place, and the rules written from ten more note
genres' lines (all names invented)."""

import pytest

from corpus.deid.engine import DeidEngine
from corpus.deid.recognizers.en.capitalised_name_recognizer import CapitalisedNameRecognizer
from corpus.deid.recognizers.en.cue_name_recognizer import CueNameRecognizer
from corpus.deid.recognizers.en.id_number_recognizer import IdNumberRecognizer
from corpus.deid.recognizers.en.organization_recognizer import OrganizationRecognizer
from corpus.deid.recognizers.en.place_recognizer import PlaceRecognizer
from corpus.deid.recognizers.en.street_address_recognizer import StreetAddressRecognizer
from tests.corpus.deid.recognizer_cases import found


@pytest.fixture(scope="module")
def engine():
    return DeidEngine.from_registry(languages=("en",))


def typed(engine, text: str) -> list[tuple[str, str]]:
    """(text, entity type) of every merged finding."""
    return [(text[f.start : f.end], f.entity_type) for f in engine.analyze(text, "en")]


@pytest.mark.parametrize(("text", "name"), [
    ("Dialysis at Brezhoni Kidney Center MWF.", "Brezhoni"),
    ("Seen at Opdahl Heart Institute last week.", "Opdahl"),
])
def test_engine_when_a_facility_is_named_then_one_hospital_span_and_no_person_in_it(engine, text, name):
    assert typed(engine, text) == [(name, "HOSPITAL")]


def test_capitalised_run_when_a_facility_keyword_follows_then_the_keyword_does_not_join_the_name():
    rec = CapitalisedNameRecognizer()
    assert found(rec, "Dialysis at Brezhoni Kidney Center MWF.") == ["Brezhoni"]
    # a facility word that is also a name still joins one
    assert found(rec, "Dr. Gregory House saw him.") == ["Gregory", "House"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Referred to the Youth Center in Lowell.", ["Lowell"]),
    ("Meets her sponsor at Grace Church on Sundays.", ["Grace"]),
    ("Moved to Center, TX last year.", ["Center"]),
])
def test_place_when_a_facility_noun_follows_a_capitalised_word_then_it_is_no_town(text, expected):
    assert [t for t in found(PlaceRecognizer(), text) if t != "TX"] == expected


def test_engine_when_a_role_title_precedes_a_common_word_town_then_the_name_type_wins(engine):
    assert ("Rose", "CLINICIAN_NAME") in typed(engine, "Dialysis access cannulated by tech Rose today.")
    assert typed(engine, "She lives in Hope with her son.") == [("Hope", "LOCATION")]


@pytest.mark.parametrize(("text", "expected"), [
    # any word before '#' labels a plausible code after it
    ("GRIEVANCE # GR-69-0311 FILED RE: DELAYED INSULIN.", ["GR-69-0311"]),
    ("inmate rose, doc # w104471, seen at sick call", ["w104471"]),
    ("Ride booked, confirmation # TR-88412.", ["TR-88412"]),
    ("buprenorphine filled at CVS #2218.", ["2218"]),
    ("Send-out to the reference lab, order # MML-4471902; TAT 7-10 days.", ["4471902", "MML-4471902"]),
    # a client code; codes listed after a labelled one
    ("Anonymous test, client code QX-4471; result given in person.", ["QX-4471"]),
    ("fit bilateral aids; serials 2207A441 / 2207A442.", ["2207A441", "2207A442"]),
    # sizes, counts and rooms after '#' are no codes; a list does not run on into a value of another kind
    ("Replaced foley with #20fr 3way foley; Intubated #8ETT 22cm lip.", []),
    ("room # 4471, bed #12, tooth #30, ETT # 7.5", []),
    ("MRN 4471902, 55 y/o", ["4471902"]),
])
def test_id_numbers_when_labelled_by_a_hash_or_listed_then_found(text, expected):
    assert found(IdNumberRecognizer(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("GLASSES RX GIVEN; PT PLANS TO FILL IT AT MBEKI OPTICAL.", ["MBEKI"]),
    ("glasses rx given; pt plans to fill it at wood optical.", ["wood"]),
    ("corneal abrasion from a bungee cord at work (long roofing) on 3/12.", ["long"]),
    ("MANDIBLE FX AFTER ASSAULT OUTSIDE YOUNG'S TAVERN.", ["YOUNG'S"]),
    ("Ortho brackets placed at Hope Orthodontics.", ["Hope"]),
    # the town after a named business and a comma
    ("PHONAK TRIAL THROUGH JOAN HEARING, BRANTWOOD.", ["BRANTWOOD", "JOAN"]),
    ("faxed from mbeki diagnostics, port orrin, specimen id qd4471902k.", ["mbeki", "port orrin"]),
    # a town's common second word before a practice's type
    ("REFERRED TO ASHWICK FALLS ORTHOPEDICS FOR THE KNEE.", ["ASHWICK FALLS"]),
    # common words before a trade word in lower case, and what follows a business that is no town
    ("meets friends at the sports bar, daily.", []),
    ("Went to Price Pharmacy, then home.", ["Price"]),
])
def test_place_when_a_business_is_named_before_its_trade_then_found(text, expected):
    assert found(PlaceRecognizer(), text) == expected


def test_organization_when_an_uncommon_name_precedes_a_new_trade_word_then_found():
    assert found(OrganizationRecognizer(), "Ostomy supplies from Kravetzky Medical, acct # 440197.") == ["Kravetzky Medical"]
    assert found(OrganizationRecognizer(), "Results faxed from Opdahl Diagnostics today.") == ["Opdahl Diagnostics"]
    assert found(OrganizationRecognizer(), "Referred to Pediatric Dentistry for sealants.") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("LIVES ON RURAL ROUTE 2, HAVERHILL; MAIL GOES TO PO BOX 88.", ["PO BOX 88", "RURAL ROUTE 2, HAVERHILL"]),
    ("kicked by a cow at the farm, 4471 county road 12, tewksbury.", ["4471 county road 12, tewksbury"]),
    ("sober house: quattlebaum house, 18 cottage st, ashwick falls; house manager brezhoni.",
     ["18 cottage st, ashwick falls"]),
    # a rhythm is no street, a respiratory rate no rural route
    ("hr 110 sinus st, bp 120/80", []),
    ("RR 22, sats 94%", []),
])
def test_street_when_a_rural_road_or_a_lower_case_street_and_town_then_found(text, expected):
    assert found(StreetAddressRecognizer(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Hunger strike day 5; Deputy Superintendent Opdahl informed.", ["Opdahl"]),
    ("Zoll device rep Zamudio fitted the vest.", ["Zamudio"]),
    ("Accession collected 0540 by phlebotomist vukovich.", ["vukovich"]),
    ("SCHEDULER TADDEUCCI BOOKED MRI AT THE IMAGING CENTER.", ["TADDEUCCI"]),
    ("POC glucose 38 mg/dL, operator Haberstroh; D50 given.", ["Haberstroh"]),
    ("skin tear reported by aide brezhoni.", ["brezhoni"]),
    ("Sober house; house manager quattlebaum.", ["quattlebaum"]),
    ("H-2A worker; employer contact Esterhuizen (603-555-0181).", ["Esterhuizen"]),
    ("Sponsor Vukovich from AA drives him to meetings.", ["Vukovich"]),
    # credentials after a name: dental, hygiene, laboratory
    ("Next recall in October with opdahl, rdh.", ["opdahl"]),
    ('Lab comment: "Specimen rejected -- Haberstroh, MLS(ASCP)".', ["Haberstroh"]),
    # 'contact' alone is no title (contact precautions, a typo after it)
    ("On contact precuations for C. diff.", []),
])
def test_cue_when_a_new_role_title_or_credential_then_the_name_is_found(text, expected):
    assert found(CueNameRecognizer(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Referred by Dr. Quattlebaum, DMD, for extraction of #1.", [("Quattlebaum", "CLINICIAN_NAME")]),
    ("VA sc OD 20/40; IOP 18/21 by Goldmann; Amsler grid normal.", []),
    ("Dix-Hallpike positive R; Epley maneuver performed.", []),
    ("Braden 12; Hollister 2-piece pouch, Hill-Rom mattress.", []),
    ("He lives in Hollister with his wife.", [("Hollister", "LOCATION")]),
    ("Seen by Tamsin Goldmann in clinic.", [("Tamsin", "LOCATION"), ("Goldmann", "PERSON")]),
    ("skin tear reported by aide brezhoni.", [("brezhoni", "CLINICIAN_NAME")]),
])
def test_engine_when_eponyms_credentials_and_role_words_then_only_names_are_taken(engine, text, expected):
    assert typed(engine, text) == expected


def test_engine_when_a_title_precedes_a_name_that_is_a_town_then_the_context_rule_types_it(engine):
    assert typed(engine, "Dr. Mbeki and Officer Long arrived.") == [("Mbeki", "CLINICIAN_NAME"),
                                                                     ("Long", "CLINICIAN_NAME")]
    assert typed(engine, "Dr. Mbeki and Deputy Superintendent Opdahl informed.")[1][0] == "Opdahl"
    # two rules that both type by the gazetteer: neither outvotes the other ('Luís' is not the town)
    assert typed(engine, "She named him Luís.") == [("Luís", "PERSON")]


@pytest.mark.parametrize(("text", "expected"), [
    # quoted names and nicknames after a naming cue; partners listed
    ('Partner services: pt named 2 partners, Kravetzky Brezhoni and "Opdahl" (first name only).',
     ["Kravetzky Brezhoni", "Opdahl"]),
    ('Used with a friend, "Zamudio", under the bridge.', ["Zamudio"]),
    ('Seen at clinic; pt goes by "Haberstroh".', ["Haberstroh"]),
    # a contraction after the name is the verb's, not the name's
    ('pt cancelled: "my ride vukovich can\'t make it"', ["vukovich"]),
    ("INR 5.9 called to the service, read back by Mbeki.", ["Mbeki"]),
    ("partner notification done; partners, none named.", []),
    # a name before its age apposition; a header label after a column gap
    ("I WOULD BE GRATEFUL IF YOU COULD SEE OPDAHL MBEKI, A 67M WITH NEW-ONSET AF.", ["OPDAHL MBEKI"]),
    ("i would be grateful if you could see long rose, a 67m with af.", ["long rose"]),
    ("pages: 4 (including cover)  re: wood hill, dob 01/22/1961", ["wood hill"]),
    ("History: ex-smoker, a 45 yo with copd. She is a nurse, a 45 y/o. A pleasant lady, a 90 yo.", []),
])
def test_cue_when_quoted_listed_or_apposed_names_then_found(text, expected):
    assert found(CueNameRecognizer(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # chart abbreviations that are also names: never names alone, still names next to a cue or a name
    ("PT CONT IN ST. BP STABLE. NG CLAMPED. PASSING FLATUS.", []),
    ("Aug dia is a decent waveform; feet wm to touch; bacitracin ung to site.", []),
    ("Dr. Ng aware of the K.", [("Ng", "CLINICIAN_NAME")]),
    ("Spoke with Wei Ng, the daughter, today.", [("Wei Ng", "PERSON")]),
    # a model's 'DR' before an abbreviation is no doctor; release-of-information and film shorthand are no names
    ("DEVICE: MEDTRONIC AZURE XT DR MRI, SN RNB612044S.", [("RNB612044S", "DEVICE_ID")]),
    ("ATTORNEY REQUESTED RECORDS; ROI SIGNED. PANO TAKEN.", []),
    ("CULTURE SENT TO STATE LAB IN KETTLEBY.", [("KETTLEBY", "LOCATION")]),
])
def test_engine_when_abbreviations_look_like_names_then_only_real_names_are_taken(engine, text, expected):
    assert typed(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("rising BUN & Crea with diuretics; mg sul 2gm iv given.", []),
    ("Lido 2mg given; Sent Clot to BB; PAP/Plateau 22/19; Core temp 38.1. WAS IN USOH UNTIL 9/16.",
     [("9/16", "DATE")]),
    ("LEGAL GUARDIAN: Niece, Patricia WAITE, lives nearby.", [("Patricia WAITE", "RELATIVE_NAME")]),
])
def test_engine_when_chart_shorthand_or_a_relation_word_then_no_name(engine, text, expected):
    assert typed(engine, text) == expected


def test_engine_when_shorthand_that_is_a_name_is_found_in_context_then_every_mention_is_masked(engine):
    # recall first: the note may mean the patient wherever it repeats the word
    assert [t for t, _ in typed(engine, "BUN & Crea rising; Mr. Crea updated by phone")] == ["Crea", "Crea"]
    # an eponym is not repeated: the catheter stays
    assert [t for t, _ in typed(engine, "Foley draining; Dr. Foley aware")] == ["Foley"]


@pytest.mark.parametrize(("text", "expected"), [
    ("children: brown (12) and long (9)", [("brown", "RELATIVE_NAME"), ("long", "RELATIVE_NAME")]),
    ("CHILDREN: KRAVETZKY (12) AND OPDAHL (9)", [("KRAVETZKY", "RELATIVE_NAME"), ("OPDAHL", "RELATIVE_NAME")]),
    ("Transported by Price Ambulance to the ED.", [("Price", "LOCATION")]),
])
def test_engine_when_relatives_carry_ages_or_a_firm_is_a_common_word_then_found(engine, text, expected):
    assert typed(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # ICU-note conventions: a hyphenated month-day after a weekday or an operation; pain scores are no range of dates
    ("DR PAGE IN TO SEE PT, EEG ORDERED FOR THURS 7-22.", [("PAGE", "CLINICIAN_NAME"), ("THURS 7-22", "DATE")]),
    ("INFORMED OF PLAN FOR CABG 7-23.", [("7-23", "DATE")]),
    ("PEEP 5-10, HR 60-70, for 2-3 days, for 1-2 L, OR 2-3 times", []),
    ("PAIN 6/10 -> 3/10 AFTER MORPHINE.", []),
    ("TRANSFERRED 6/10 -> 6/12", [("6/10", "DATE"), ("6/12", "DATE")]),
    # role titles and services before a name or a bracketed name
    ("NIHSS 14. BEDSIDE SWALLOW BY SLP BREZHONI - FAILED, NPO.", [("BREZHONI", "CLINICIAN_NAME")]),
    ("EKG: NSR, LBBB (OLD PER CARDIOLOGIST MBEKI).", [("MBEKI", "CLINICIAN_NAME")]),
    ("BLOOD BANK (Esterhuizen) CALLED RE: CROSSMATCH DELAY.", [("Esterhuizen", "CLINICIAN_NAME")]),
    ("emergency baptism at parents' (haberstroh and kravetzky) request.",
     [("haberstroh", "RELATIVE_NAME"), ("kravetzky", "RELATIVE_NAME")]),
    ("Pt is Buddhist; a monk from the Zen Center (Ven. Kravetzky) visited.", [("Kravetzky", "CLINICIAN_NAME")]),
    ("Seen by RD Kravetzky Brezhoni.", [("Kravetzky Brezhoni", "CLINICIAN_NAME")]),  # the full stop stays
    ("refusal form witnessed by zamudio, rn and haberstroh.", [("zamudio", "CLINICIAN_NAME"), ("haberstroh", "PERSON")]),
    ("SPECIMEN DRAWN 0540, LABELLED BY BREZHONI.", [("BREZHONI", "PERSON")]),
    ("SOCIAL: PT MARRIED X 50 YRS TO Brezhoni, LIVES NEARBY.", [("Brezhoni", "PERSON")]),
    # places named after a person, with a kind of place between
    ("wife tamsin and pastor vukovich from taddeucci baptist church at bedside.",
     [("tamsin", "RELATIVE_NAME"), ("vukovich", "CLINICIAN_NAME"), ("taddeucci", "LOCATION")]),
    ("FAMILY HAS CHOSEN MBEKI FUNERAL HOME IN KETTLEBY.", [("MBEKI", "HOSPITAL"), ("KETTLEBY", "LOCATION")]),
    ("pt fell at wood assisted living on 7/19", [("wood", "HOSPITAL"), ("7/19", "DATE")]),
    ("FITTED BY ORTHOTIST OPDAHL FROM MBEKI O+P.", [("OPDAHL", "PERSON"), ("MBEKI", "LOCATION")]),
    # look-alikes: relations, roles, scales, diets and 'w/'
    ("Visitors: wife, son and daughter", []),
    ("DON AWARE OF 1:1 SITTER NEED.", []),
    ("PER DR MBEKI W/ LITTLE EFFECT.", [("MBEKI", "CLINICIAN_NAME")]),
    ("Epidural by Dr. Mbeki, LOR @ 6 cm.", [("Mbeki", "CLINICIAN_NAME")]),
    ("ALDRETE 9, HUNT HESS 3, ATKINS DIET, LIPTON TEA, ALIMENTUM 20 KCAL.", []),
])
def test_engine_when_icu_and_service_conventions_then_phi_found_and_lookalikes_kept(engine, text, expected):
    assert typed(engine, text) == expected


def test_engine_when_a_town_follows_a_facility_keyword_then_the_keyword_is_not_joined_to_it(engine):
    assert [t for t, _ in typed(engine, "biopsy at the Mbeki Breast Center, Lowell.")] == ["Mbeki", "Lowell"]


@pytest.mark.parametrize(("text", "expected"), [
    # third batch: a visit's month-day after the place; named supply firms, pavilions; services with a bracketed name
    ("PT TXD FROM Taddeucci HOSP 7-21 W/ NSTEMI.", [("Taddeucci", "HOSPITAL"), ("7-21", "DATE")]),
    ("F/U W/ DR Vukovich IN ONC CLINIC 7-30 FOR CBC.", [("Vukovich", "CLINICIAN_NAME"), ("7-30", "DATE")]),
    ("DME ORDERED THRU HABERSTROH MEDICAL SUPPLY: RW.", [("HABERSTROH", "LOCATION")]),
    ("SEEKING BED @ Taddeucci PAVILION.", [("Taddeucci", "HOSPITAL")]),
    ("COVERING MD Taddeucci (FOR DR Quattlebaum) AWARE.",
     [("Taddeucci", "CLINICIAN_NAME"), ("Quattlebaum", "CLINICIAN_NAME")]),
    ("SPEECH (Brezhoni) RECOMMENDS NECTAR THICK LIQUIDS.", [("Brezhoni", "CLINICIAN_NAME")]),
    ("DELIRIOUS OVERNOC. DTR Vukovich (Taddeucci) STAYING W/ PT.",
     [("Vukovich", "RELATIVE_NAME"), ("Taddeucci", "RELATIVE_NAME")]),
    # a town's police or fire department; not a kind of service, not a disease
    ("PORT ORRIN PD OFFICER AT BS.", [("PORT ORRIN", "LOCATION")]),
    ("TXD VIA KETTLEBY FD. WIFE W/ PT.", [("KETTLEBY", "LOCATION")]),
    ("HX OF PD, ON PD X 3 YRS, MILD PD. STATE POLICE IN TO SPEAK W/ PT.", []),
    # look-alikes: a doctor after 'per' is no Drive, a combination dose no date, the monitor and the operation no names
    ("CELEXA 10 STARTED PER DR TADDEUCCI.", [("TADDEUCCI", "CLINICIAN_NAME")]),
    ("BUPRENORPHINE 8/2 MG FROM DR. GRANT.", [("GRANT", "CLINICIAN_NAME")]),
    ("HOLTER SHOWED PAF. PT S/P WHIPPLE. TOBI NEB, LIFEVEST ON, NIF -18, APRV.", []),
    ("Mr. Holter visited; Holter called back.", [("Holter", "PATIENT_NAME"), ("Holter", "CLINICIAN_NAME")]),
])
def test_engine_when_nursing_note_conventions_of_the_third_batch_then_found(engine, text, expected):
    assert typed(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # fourth batch: a month-day next to a clock time; scores out of a count are no dates
    ("CERVIDIL PLACED @ 2100 7-21 FOR POST DATES IOL.", [("7-21", "DATE")]),
    ("LKW 0600 7-22; LOVENOX 7-23 0900.", [("7-22", "DATE"), ("7-23", "DATE")]),
    ("HR 0600 2-3 L NC; APGARS 8/9; TOF 4/4.", []),
    # the patient's full name after 'PT IS'; a sending physician; services and titles of the labour and OR floors
    ("PT IS Hope Young, MRN 00912374, 11 MO F.", [("Hope Young", "PATIENT_NAME"),
                                                  ("00912374", "MEDICAL_RECORD_NUMBER")]),
    ("mode: als; sending physician: marguerite, do.", [("marguerite", "CLINICIAN_NAME")]),
    ("BED 12 ASSIGNED BY BED FLOW (Oluwaseun) @ 2215.", [("Oluwaseun", "CLINICIAN_NAME")]),
    ("SVE BY CNM Marguerite @ 0230", [("Marguerite", "CLINICIAN_NAME")]),
    ("epidural placed by anesthesia (mbeki, crna), ok", [("mbeki", "CLINICIAN_NAME")]),
    ("STICKERS TO IMPLANT LOG, REP Esterhuizen PRESENT.", [("Esterhuizen", "CLINICIAN_NAME")]),
    # 'rep' also means repeat, 'RT' right: neither takes a lab or a pulse as a name
    ("rep lytes pending; REP K 3.9; rep abg at 0400; ALL PULSES PRESENT EXCEPT RT DP.", []),
    ("RICHMOND AGITATION SCALE -2. MCROBERTS MANEUVER. AKI, RASS -1, DES x2.", []),
])
def test_engine_when_fourth_batch_conventions_then_found_and_lookalikes_kept(engine, text, expected):
    assert typed(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a hospital extension a few words after a phone word; a procedure's month-day after its doctor
    ("Please page Mbeki (renal fellow, 4-5512) with questions.", [("Mbeki", "CLINICIAN_NAME"), ("4-5512", "PHONE")]),
    ("heparin 1-2000 units; called MD re UO 0-1000 cc", []),
    ("pt desatted to 78% during bronch by dr mbeki 7-23, bagged.", [("mbeki", "CLINICIAN_NAME"), ("7-23", "DATE")]),
    ("PER DR MBEKI 5-10 MG IV; seen by dr wood 2-3 times", [("MBEKI", "CLINICIAN_NAME"), ("wood", "CLINICIAN_NAME")]),
])
def test_engine_when_an_extension_or_a_procedure_date_follows_its_cue_then_found(engine, text, expected):
    assert typed(engine, text) == expected
