import pytest

from corpus.deid.recognizers.zh.tw_phone_recognizer import TwPhoneRecognizer

REC = TwPhoneRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [("手機0933-456-789", "0933-456-789"), ("電話(02)2345-6789", "(02)2345-6789"), ("+886 912 345 678", "+886 912 345 678")],
)
def test_when_taiwan_number_then_found(texts, text, expected):
    assert expected in texts(REC, text)


@pytest.mark.parametrize("text", ["血壓160/95mmHg", "民國110年7月15日", "劑量0.5mg"])
def test_when_not_phone_then_no_match(texts, text):
    assert not texts(REC, text)
