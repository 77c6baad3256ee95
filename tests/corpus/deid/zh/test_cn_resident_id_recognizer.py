import pytest

from corpus.deid.recognizers.zh.cn_resident_id_recognizer import CnResidentIdRecognizer

REC = CnResidentIdRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("身份证号：11010519491231002X，", "11010519491231002X"),
        ("证件号码11010519491231002x", "11010519491231002x"),
        ("患者ID 440524188001010014 已核对", "440524188001010014"),
        ("老身份证110105491231002", "110105491231002"),
        ("身份證號碼：11010519491231002X", "11010519491231002X"),
    ],
)
def test_when_valid_id_then_whole_number_found(texts, text, expected):
    assert expected in texts(REC, text)


@pytest.mark.parametrize(
    "text",
    [
        "编号110105194912310021",  # checksum wrong, no ID label
        "条码990105194912310021",  # region 99 does not exist
        "流水号110105199913310028",  # month 13
        "检验值12345678901，血小板210",
        "11010519491231002X5",  # part of a longer run
    ],
)
def test_when_not_a_valid_id_then_no_match(texts, text):
    assert not texts(REC, text)


def test_when_checksum_fails_after_id_label_then_still_flagged_lower():
    results = REC.analyze("身份证号：110105194912310021")
    assert len(results) == 1 and results[0].score < 1.0


def test_checksum_method_matches_iso_7064():
    assert CnResidentIdRecognizer.checksum_ok("11010519491231002X")
    assert not CnResidentIdRecognizer.checksum_ok("110105194912310021")
