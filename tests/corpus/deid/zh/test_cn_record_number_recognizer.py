import pytest

from corpus.deid.entities import EntityType as E
from corpus.deid.recognizers.zh.cn_record_number_recognizer import CnRecordNumberRecognizer

REC = CnRecordNumberRecognizer()


@pytest.mark.parametrize(
    "text, entity, value",
    [
        ("住院号：ZY20190305001", E.MEDICAL_RECORD_NUMBER, "ZY20190305001"),
        ("门诊号 MZ-2019-0001", E.MEDICAL_RECORD_NUMBER, "MZ-2019-0001"),
        ("病案號：0031942", E.MEDICAL_RECORD_NUMBER, "0031942"),
        ("就诊卡号为JZ20210088", E.MEDICAL_RECORD_NUMBER, "JZ20210088"),
        ("医保卡号是3301 2345 6789", E.INSURANCE_NUMBER, "3301 2345 6789"),
        ("社保卡号：688622032", E.INSURANCE_NUMBER, "688622032"),
        ("健保卡號0000123456789", E.INSURANCE_NUMBER, "0000123456789"),
        ("设备编号 SN12345678", E.DEVICE_ID, "SN12345678"),
        ("执业证书编号：110330100012345", E.LICENSE_NUMBER, "110330100012345"),
        ("车牌浙A12345", E.LICENSE_NUMBER, "浙A12345"),
    ],
)
def test_when_labelled_then_value_typed_by_label(found, text, entity, value):
    assert (entity.value, value) in found(REC, text)


@pytest.mark.parametrize("text", ["床号12", "12床", "HBV-DNA 12345678 IU/ml", "ICD E11.9", "剂量0.5mg", "血压120/80"])
def test_when_bed_number_or_clinical_value_then_no_match(texts, text):
    assert not texts(REC, text)
