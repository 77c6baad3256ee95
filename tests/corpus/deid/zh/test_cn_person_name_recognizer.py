import pytest

from corpus.deid.entities import EntityType as E
from corpus.deid.recognizers.zh.cn_person_name_recognizer import CnPersonNameRecognizer

REC = CnPersonNameRecognizer()


@pytest.mark.parametrize(
    "text, name",
    [
        ("患者王建国，男，65岁，因胸闷入院", "王建国"),
        ("主治医师：李秀英", "李秀英"),
        ("家属王芳、李强陪同", "李强"),
        ("欧阳娜娜女士陪同就诊", "欧阳娜娜"),
        ("王女士自述无不适", "王"),
        ("张医生查房后建议复查", "张"),
        ("患者：我叫刘德华。", "刘德华"),
        ("今日王秀英诉头痛", "王秀英"),
        ("主治醫師：黃志明", "黃志明"),
        ("患者家屬林淑芬表示同意", "林淑芬"),
        ("经治医师高峰签名", "高峰"),
        ("姓名：党建", "党建"),
        ("买买提·艾力，男，45岁", "买买提·艾力"),
        ("孙子小军陪同", "小军"),
        ("白雪（住院号0031942）", "白雪"),
        ("王某某，男", "王某某"),
    ],
)
def test_when_name_in_context_then_fully_covered(found, text, name):
    start = text.index(name)
    spans = [(r.start, r.end) for r in REC.analyze(text)]
    assert any(s <= start and e >= start + len(name) for s, e in spans), (text, spans)


def test_when_cue_names_role_then_role_entity():
    text = "患者王建国，主治医师李秀英，家属陈静"
    roles = {text[r.start : r.end]: r.entity_type for r in REC.analyze(text) if r.score >= 0.8}
    assert roles["王建国"] == E.PATIENT_NAME.value
    assert roles["李秀英"] == E.CLINICIAN_NAME.value
    assert roles["陈静"] == E.RELATIVE_NAME.value


@pytest.mark.parametrize(
    "text",
    [
        "高血压病史10年，白细胞12.5×10^9/L，血常规正常",
        "诊断明确，给予镇静治疗，病情平稳，方可出院",
        "全身皮肤无黄染，双下肢无水肿",
        "予阿司匹林100mg qd，阿托伐他汀20mg qn，头孢曲松2.0g",
        "3天前于消化内科门诊就诊，入院第2天查房时主任指示补液",
        "安静状态下心率80次/分，余同前",
        "医生：您好，请问哪里不舒服？",
        "社区获得性肺炎，心内科病区",
    ],
)
def test_when_clinical_text_then_no_name(texts, text):
    assert not texts(REC, text)
