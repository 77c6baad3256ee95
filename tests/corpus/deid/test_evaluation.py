"""Scorer and gold readers on tiny synthetic files in each format."""

import json

from corpus.deid.evaluation import evaluate
from corpus.deid.gold_readers import read_gold


def test_when_physionet_gold_then_offsets_inclusive(tmp_path):
    (tmp_path / "id.text").write_text("START_OF_RECORD=1||||1||||\nSeen by Dr Smith on 7/22.\n||||END_OF_RECORD\n")
    (tmp_path / "id-phi.phrase").write_text("1 1 11 16 HCPName Smith\n1 1 20 24 Date 7/22\n")
    docs = read_gold(tmp_path / "id.text", "physionet")
    assert {docs[0].text[s.start:s.end].strip() for s in docs[0].spans} == {"Smith", "7/22"}
    rep = evaluate(docs, lambda d: [(d.text.index("Smith"), d.text.index("Smith") + 5, "PERSON")])
    assert rep.overall.gold == 3 and rep.overall.caught == 1 and rep.overall.precision == 1.0


def test_when_half_token_covered_then_not_caught(tmp_path):
    p = tmp_path / "g.json"
    p.write_text(json.dumps([{"full_text": "Call Jonathan now", "spans": [
        {"entity_type": "PERSON", "entity_value": "Jonathan", "start_position": 5, "end_position": 13}]}]))
    docs = read_gold(p, "presidio")
    assert evaluate(docs, lambda d: [(5, 9, "PERSON")]).overall.recall == 0.0
    assert evaluate(docs, lambda d: [(5, 13, "PERSON")]).overall.recall == 1.0


def test_when_chinese_then_each_character_a_token(tmp_path):
    p = tmp_path / "zh.json"
    p.write_text(json.dumps([{"full_text": "患者张三入院", "spans": [
        {"entity_type": "PATIENT_NAME", "start_position": 2, "end_position": 4}]}], ensure_ascii=False))
    rep = evaluate(read_gold(p, "presidio"), lambda d: [(2, 3, "PERSON")])
    assert rep.overall.gold == 2 and rep.overall.caught == 1


def test_when_i2b2_2014_and_2006_then_spans_read(tmp_path):
    (tmp_path / "a.xml").write_text(
        '<deIdi2b2><TEXT><![CDATA[Dr Smith saw him]]></TEXT><TAGS>'
        '<NAME id="P0" start="3" end="8" text="Smith" TYPE="DOCTOR"/></TAGS></deIdi2b2>')
    d14 = read_gold(tmp_path / "a.xml", "i2b2")[0]
    assert d14.text[3:8] == "Smith" and d14.spans[0].entity_type == "CLINICIAN_NAME"
    (tmp_path / "b.xml").write_text(
        '<ROOT><RECORD ID="7"><TEXT>Seen <PHI TYPE="DATE">7/22</PHI> at <PHI TYPE="HOSPITAL">GH</PHI>.</TEXT></RECORD></ROOT>')
    d06 = read_gold(tmp_path / "b.xml", "i2b2")[0]
    assert [d06.text[s.start:s.end] for s in d06.spans] == ["7/22", "GH"]
