import pytest

from corpus.deid.recognizers.zh.cn_date_recognizer import CnDateRecognizer

REC = CnDateRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("于2019年3月5日入院", "2019年3月5日"),
        ("入院日期：2019-03-05", "2019-03-05"),
        ("2019/3/5复查", "2019/3/5"),
        ("2019.03.05 超声", "2019.03.05"),
        ("二〇一九年三月五日", "二〇一九年三月五日"),
        ("二零二零年十一月十七日", "二零二零年十一月十七日"),
        ("3月5日查房", "3月5日"),
        ("12月28号出院", "12月28号"),
        ("民國108年3月5日", "民國108年3月5日"),
        ("民国一百零八年", "民国一百零八年"),
        ("110年7月15日入院", "110年7月15日"),
        ("2015年行阑尾切除术", "2015年"),
        ("2020年3月中旬", "2020年3月中旬"),
        ("采样20190305送检", "20190305"),
        ("三月五日", "三月五日"),
    ],
)
def test_when_absolute_date_then_found(texts, text, expected):
    assert expected in texts(REC, text)


@pytest.mark.parametrize(
    "text",
    ["昨天", "三天前", "入院第2天", "术后第3日", "高血压病史10年", "病程一月余", "每月一次", "3个月前", "2小时后", "体温36.5℃"],
)
def test_when_relative_or_duration_then_no_match(texts, text):
    assert not texts(REC, text)
