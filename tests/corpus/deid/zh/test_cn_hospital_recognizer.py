import pytest

from corpus.deid.recognizers.zh.cn_hospital_recognizer import CnHospitalRecognizer

REC = CnHospitalRecognizer()


@pytest.mark.parametrize(
    "text, hospital",
    [
        ("转至上海市第一人民医院心内科", "上海市第一人民医院"),
        ("就诊于浙江大学医学院附属邵逸夫医院", "浙江大学医学院附属邵逸夫医院"),
        ("臺北榮民總醫院門診", "臺北榮民總醫院"),
        ("青岩县龙泉镇卫生院", "青岩县龙泉镇卫生院"),
        ("和平社区卫生服务中心", "和平社区卫生服务中心"),
        ("曾在宜都博爱医院就诊", "宜都博爱医院"),
        ("在301医院", "301医院"),
    ],
)
def test_when_named_hospital_then_found(texts, text, hospital):
    assert hospital in texts(REC, text)


@pytest.mark.parametrize("text", ["于我院就诊", "曾在当地医院治疗", "转上级医院", "在县医院", "本院门诊部", "在社区医院"])
def test_when_generic_hospital_reference_then_no_match(texts, text):
    assert not texts(REC, text)
