from corpus.deid.recognizers.zh.cjk_email_recognizer import CjkEmailRecognizer

REC = CjkEmailRecognizer()


def test_when_email_touches_chinese_then_found(texts):
    assert texts(REC, "邮箱zhang.wei@163.com联系") == {"zhang.wei@163.com"}


def test_when_no_at_sign_then_no_match(texts):
    assert not texts(REC, "肌酐136μmol/L，www 163 com")
