from corpus.deid.recognizers.zh.cjk_url_recognizer import CjkUrlRecognizer

REC = CjkUrlRecognizer()


def test_when_url_touches_chinese_then_found(texts):
    found = texts(REC, "请访问www.hospital-example.cn了解，或https://example.com/a?b=1。")
    assert found == {"www.hospital-example.cn", "https://example.com/a?b=1"}


def test_when_dose_or_decimal_then_no_match(texts):
    assert not texts(REC, "剂量0.5mg，体温36.5℃，E11.9")
