import pytest

from corpus.deid.recognizers.zh.cn_organization_recognizer import CnOrganizationRecognizer

REC = CnOrganizationRecognizer()


@pytest.mark.parametrize(
    "text, org",
    [
        ("工作单位：杭州青藤科技有限公司", "杭州青藤科技有限公司"),
        ("毕业于复旦大学", "复旦大学"),
        ("工作單位：臺北登來喜大飯店有限公司。", "臺北登來喜大飯店有限公司"),
        ("在育才中学教书", "育才中学"),
    ],
)
def test_when_named_organisation_then_found(texts, text, org):
    assert org in texts(REC, text)


@pytest.mark.parametrize("text", ["行局部麻醉", "在公司上班", "职业：公司职员", "工作单位：退休", "就职于某公司"])
def test_when_generic_then_no_match(texts, text):
    assert not texts(REC, text)
