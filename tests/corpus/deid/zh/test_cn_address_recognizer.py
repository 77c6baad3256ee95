import pytest

from corpus.deid.recognizers.zh.cn_address_recognizer import CnAddressRecognizer

REC = CnAddressRecognizer()


@pytest.mark.parametrize(
    "text, address",
    [
        ("家住浙江省杭州市西湖区文三路88号3栋2单元501室，", "浙江省杭州市西湖区文三路88号3栋2单元501室"),
        ("患者来自青岩县龙泉镇石门村3组，务农", "青岩县龙泉镇石门村3组"),
        ("住址：臺北市大安區忠孝東路四段123號5樓之1", "臺北市大安區忠孝東路四段123號5樓之1"),
        ("他在青石市打工", "青石市"),
        ("回到老家湖南衡阳", "湖南衡阳"),
        ("住和平社区3号楼", "和平社区3号楼"),
        ("邮编：310000", "310000"),
        ("高雄市鳳山區", "高雄市鳳山區"),
    ],
)
def test_when_address_then_fully_covered(found, text, address):
    start = text.index(address)
    spans = [(r.start, r.end) for r in REC.analyze(text)]
    assert any(s <= start and e >= start + len(address) for s, e in spans), (text, spans)


@pytest.mark.parametrize(
    "text",
    ["在心内科病区治疗，给予镇静", "呼吸道通畅，消化道出血", "患者在超市工作，长期居住在城市", "诊断为社区获得性肺炎", "在社区医院就诊"],
)
def test_when_clinical_or_generic_place_word_then_no_match(texts, text):
    assert not texts(REC, text)
