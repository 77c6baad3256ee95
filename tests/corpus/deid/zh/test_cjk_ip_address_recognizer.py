from corpus.deid.recognizers.zh.cjk_ip_address_recognizer import CjkIpAddressRecognizer

REC = CjkIpAddressRecognizer()


def test_when_ip_touches_chinese_then_found(texts):
    assert texts(REC, "服务器IP为192.168.1.20，备用fe80::1ff:fe23:4567:890a") == {"192.168.1.20", "fe80::1ff:fe23:4567:890a"}


def test_when_version_time_or_invalid_then_no_match(texts):
    assert not texts(REC, "版本1.2.3.4.5，时间12:30:45，地址999.1.1.1")
