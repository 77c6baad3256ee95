"""Labelled record and account numbers: 住院号, 门诊号, 病案号, 就诊卡号, 医保卡号, 社保卡号, 执业证号 ...

床号 (bed number) alone is not an identifier: beds are reused and carry no identity, so it is not
matched. Unlabelled long digit runs and letter-prefixed codes are caught at a lower score.
"""

from __future__ import annotations

import re
from typing import Iterator

from corpus.deid.entities import EntityType
from corpus.deid.recognizers.zh._base import Span, ZhRecognizer
from corpus.deid.recognizers.zh._lexicon import to_simplified, variant_alternation

E = EntityType


class CnRecordNumberRecognizer(ZhRecognizer):
    """Finds the value after an identifier label (any script), typed by the label's kind."""

    LABELS: dict[str, str] = {
        **dict.fromkeys(
            "住院号 住院號 住院流水号 门诊号 門診號 急诊号 急診號 病案号 病案號 病历号 病歷號 病例号 病人ID 患者ID "
            "病人编号 病人編號 病患编号 登记号 登記號 就诊卡号 就診卡號 就诊号 就診號 诊疗卡号 診療卡號 门诊卡号 "
            "門診卡號 就医卡号 影像号 影像號 放射号 检查号 檢查號 检验号 檢驗號 标本号 標本號 条码号 條碼號 病理号 "
            "病理號 申请单号 申請單號 ID号 MRN 病歷編號 病案編號 就诊ID 住院ID 门诊ID 健康档案号 健康檔案號 "
            "档案号 檔案號 医嘱号".split(),
            E.MEDICAL_RECORD_NUMBER.value,
        ),
        **dict.fromkeys(
            "医保卡号 醫保卡號 医保号 醫保號 医保编号 醫保編號 医保账号 社保卡号 社保卡號 社保号 社保號 社会保障卡号 "
            "社會保障卡號 健保卡号 健保卡號 健保号 健保號 保险单号 保險單號 保单号 保單號 保险号 保險號 新农合号 "
            "新農合號 农合号 合作医疗证号 医疗证号 醫療證號 理赔号 理賠號 参保号 參保號 医疗卡号 醫療卡號".split(),
            E.INSURANCE_NUMBER.value,
        ),
        **dict.fromkeys(
            "账号 帳號 账户 帳戶 银行卡号 銀行卡號 卡号 卡號 交易号 交易號 发票号 發票號 收据号 收據號 缴费单号 "
            "繳費單號 微信号 微信號 微信 QQ号 QQ號 QQ 支付宝账号 支付寶帳號 流水号 流水號".split(),
            E.ACCOUNT_NUMBER.value,
        ),
        **dict.fromkeys(
            "执业证书编号 執業證書編號 执业证号 執業證號 执业证书号 医师资格证号 醫師資格證號 资格证书编号 資格證書編號 "
            "护士执业证号 護士執業證號 驾驶证号 駕駛證號 驾照号 駕照號 车牌号 車牌號 车牌 車牌 工号 工號 "
            "执业编码 執業編碼 医师编码 醫師編碼".split(),
            E.LICENSE_NUMBER.value,
        ),
        **dict.fromkeys(
            "设备编号 設備編號 设备号 設備號 序列号 序列號 序号SN SN S/N 起搏器编号 起搏器編號 植入物编号 植入物編號 "
            "器械编号 器械編號 UDI 设备序列号 設備序列號 仪器编号 儀器編號".split(),
            E.DEVICE_ID.value,
        ),
        **dict.fromkeys(
            "身份证号 身份證號 身份证 身份證 证件号 證件號 护照号 護照號 护照 護照 港澳通行证 港澳通行證 台胞证 臺胞證 "
            "军官证 軍官證 居留证 居留證 证件号码 證件號碼 身份证号码 身份證號碼".split(),
            E.ID_NUMBER.value,
        ),
    }
    ENTITIES = (
        E.MEDICAL_RECORD_NUMBER.value,
        E.INSURANCE_NUMBER.value,
        E.ACCOUNT_NUMBER.value,
        E.LICENSE_NUMBER.value,
        E.DEVICE_ID.value,
        E.ID_NUMBER.value,
    )
    VALUE = r"[A-Za-z0-9](?:[A-Za-z0-9]|[\-_/][A-Za-z0-9]|[ ](?=\d{3}))*"
    PLATE = re.compile(r"[京津沪滬渝冀豫云雲辽遼黑湘皖鲁魯新苏蘇浙赣贛鄂桂甘晋晉蒙陕陝吉闽閩贵貴粤粵青藏川宁寧琼瓊][A-Z][·•]?[A-HJ-NP-Z0-9]{5,6}(?![A-Za-z0-9])")
    CODE = re.compile(r"(?<![A-Za-z0-9.\-])[A-Za-z]{1,4}[\-]?\d{6,}(?![A-Za-z0-9])")
    LONG_DIGITS = re.compile(r"(?<![0-9A-Za-z.,\-/])\d{8,}(?![0-9.,]|[ ]?(?:IU|iu|copies|拷贝|个|U/|mg|ml|次|元))")
    SCORE_LABELLED = 0.9
    SCORE_UNLABELLED = 0.45

    def load(self) -> None:
        """Compile the label-value pattern from the label table."""
        self._lookup = {to_simplified(k): v for k, v in self.LABELS.items()}
        labels = variant_alternation({to_simplified(k) for k in self.LABELS})
        self._labelled = re.compile(
            rf"(?P<label>{labels})(?:码|碼|号码|號碼|编号|編號|號|号)?[ ]?(?:[：:#＃=]|为|為|是)?[ ]?"
            rf"(?:[：:])?[ ]?(?P<v>{self.VALUE})"
        )

    def find(self, text: str) -> Iterator[Span]:
        """Yield labelled values typed by their label, plates, and unlabelled long codes."""
        for m in self._labelled.finditer(text):
            label, value = m.group("label"), m.group("v")
            entity = self._lookup.get(to_simplified(label), E.ID_NUMBER.value)
            if not any(c.isdigit() for c in value) and entity != E.ACCOUNT_NUMBER.value:
                continue
            if len(value) < 3:
                continue
            yield Span(m.start("v"), m.end("v"), entity, self.SCORE_LABELLED)
        for m in self.PLATE.finditer(text):
            yield Span(m.start(), m.end(), E.LICENSE_NUMBER.value, self.SCORE_LABELLED)
        for pattern in (self.CODE, self.LONG_DIGITS):
            for m in pattern.finditer(text):
                yield Span(m.start(), m.end(), E.ID_NUMBER.value, self.SCORE_UNLABELLED)
