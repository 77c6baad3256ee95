import pytest

from corpus.deid.recognizers.zh.cn_mobile_phone_recognizer import CnMobilePhoneRecognizer

REC = CnMobilePhoneRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("手机13812345678联系", "13812345678"),
        ("电话：138-1234-5678", "138-1234-5678"),
        ("+86 138 1234 5678", "+86 138 1234 5678"),
        ("家属电话8613912345678", "8613912345678"),
        ("(+86)19912345678", "(+86)19912345678"),
    ],
)
def test_when_mobile_then_found(texts, text, expected):
    assert expected in texts(REC, text)


@pytest.mark.parametrize(
    "text",
    ["检验值12345678901", "10086客服", "138123456789（12位）", "批号11012345678", "血压120/80mmHg，体温36.5℃", "剂量0.5mg"],
)
def test_when_not_mobile_then_no_match(texts, text):
    assert not texts(REC, text)
