import pytest

from corpus.deid.recognizers.zh.cn_landline_phone_recognizer import CnLandlinePhoneRecognizer

REC = CnLandlinePhoneRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("座机0571-87654321", "0571-87654321"),
        ("(0571)87654321", "(0571)87654321"),
        ("（010）6123 4567", "（010）6123 4567"),
        ("总机 0571-86001234转8021", "0571-86001234转8021"),
        ("传真：87654321", "87654321"),
        ("客服400-123-4567", "400-123-4567"),
    ],
)
def test_when_landline_then_found(texts, text, expected):
    assert expected in texts(REC, text)


@pytest.mark.parametrize("text", ["ICD I10、E11.9", "剂量0.5mg", "2019-03-05", "血小板210×10^9/L", "床号12"])
def test_when_not_landline_then_no_match(texts, text):
    assert not texts(REC, text)
