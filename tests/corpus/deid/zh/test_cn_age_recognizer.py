import pytest

from corpus.deid.recognizers.zh.cn_age_recognizer import CnAgeRecognizer

REC = CnAgeRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("女，92岁", "92岁"),
        ("九十五岁老人", "九十五岁"),
        ("一百零二歲", "一百零二歲"),
        ("年龄：93", "93"),
        ("90余岁", "90余岁"),
        ("95周岁", "95周岁"),
        ("九旬老人", "九旬"),
    ],
)
def test_when_age_over_89_then_found(texts, text, expected):
    assert expected in texts(REC, text)


@pytest.mark.parametrize("text", ["89岁", "65岁", "体重92kg", "心率92次/分", "八十九岁", "年龄：45"])
def test_when_age_89_or_under_or_not_age_then_no_match(texts, text):
    assert not texts(REC, text)
