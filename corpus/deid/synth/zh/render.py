"""Fill a template: ``{slot}`` becomes a PHI value (recorded as a span) or a non-PHI filler (``{~kind}``)."""

from __future__ import annotations

import random
import re

from corpus.deid.entities import EntityType as E
from corpus.deid.synth.zh import places, surface
from corpus.deid.synth.zh.builder import DocBuilder
from corpus.deid.synth.zh.vocab import Vocab

SLOT = re.compile(r"\{(~?[A-Za-z_]+)(\d*)\}")

ENTITY_OF = {
    "P": E.PATIENT_NAME, "Ps": E.PATIENT_NAME, "D": E.CLINICIAN_NAME, "Ds": E.CLINICIAN_NAME,
    "N": E.CLINICIAN_NAME, "R": E.RELATIVE_NAME, "Rs": E.RELATIVE_NAME, "X": E.PERSON, "date": E.DATE,
    "birth": E.DATE, "age": E.AGE, "mobile": E.PHONE, "landline": E.PHONE, "id": E.CN_RESIDENT_ID,
    "mrn": E.MEDICAL_RECORD_NUMBER, "opd": E.MEDICAL_RECORD_NUMBER, "ins": E.INSURANCE_NUMBER,
    "email": E.EMAIL, "url": E.URL, "ip": E.IP_ADDRESS, "addr": E.LOCATION, "city": E.LOCATION,
    "hosp": E.HOSPITAL, "org": E.ORGANIZATION, "dev": E.DEVICE_ID, "lic": E.LICENSE_NUMBER,
}

# Non-PHI clinical fillers; near-misses (doses, vitals, lab values, ICD codes, relative dates) on purpose.
FILLERS = {
    "sym": "胸闷气短 反复咳嗽咳痰 头晕头痛 上腹部隐痛 双下肢水肿 心悸乏力 发热伴寒战 恶心呕吐 腰背部疼痛 视物模糊 活动后气促 尿频尿急".split(),
    "dx": "高血压病3级 2型糖尿病 冠状动脉粥样硬化性心脏病 慢性阻塞性肺疾病 社区获得性肺炎 脑梗死 慢性肾脏病3期 胃溃疡 房颤 甲状腺功能减退症".split(),
    "drug": "阿司匹林肠溶片100mg qd|硝苯地平控释片30mg qd|二甲双胍0.5g tid|阿托伐他汀钙片20mg qn|奥美拉唑20mg bid|头孢曲松2.0g ivgtt qd|呋塞米20mg iv|胰岛素6U皮下注射|华法林2.5mg qd".split("|"),
    "exam": "胸部CT平扫 头颅MRI 腹部彩超 心脏彩超 冠脉CTA 胃镜 动态心电图 颈部血管超声".split(),
    "lab": "白细胞12.5×10^9/L|血红蛋白98g/L|血小板210×10^9/L|肌酐136μmol/L|空腹血糖8.6mmol/L|糖化血红蛋白7.8%|钾3.2mmol/L|BNP 1250pg/ml|肌钙蛋白0.05ng/ml|总胆固醇5.9mmol/L".split("|"),
    "dept": "心内科 呼吸内科 神经内科 消化内科 内分泌科 肾内科 普外科 骨科 急诊科 ICU".split(),
    "rel": "3天前 1周前 入院第2天 术后第3日 昨日 今晨 半年前 2小时后 次日 10年前".split(),
    "vital": "T 36.5℃，P 88次/分，R 20次/分，BP 120/80mmHg|体温37.8℃，脉搏96次/分，血压150/90mmHg|T 36.8℃ P 76次/分 R 18次/分 BP 132/78mmHg".split("|"),
    "young": "45岁 58岁 63岁 72岁 81岁 36岁 67岁 89岁".split(),
    "bed": "12床 3床 21床 8床 床号15".split(),
    "icd": "I10 E11.9 I25.1 J44.1 N18.3 I63.9 K25.7".split(),
}


class DocContext:
    """Per-document values: the same slot name always renders the same value in one document."""

    def __init__(self, split: str, rng: random.Random, v: Vocab, traditional: bool):
        self.split, self.rng, self.v, self.traditional = split, rng, v, traditional
        self.values: dict[str, str] = {}

    def value(self, kind: str, key: str) -> str:
        """The value of slot kind+key, created on first use."""
        name = kind + key
        if name not in self.values:
            self.values[name] = self._new(kind)
        return self.values[name]

    def _new(self, kind: str) -> str:
        rng, v, split = self.rng, self.v, self.split
        if kind in ("P", "D", "N", "R", "X"):
            return surface.full_name(rng, v)
        if kind in ("Ps", "Ds", "Rs"):
            return surface.surname(rng, v)
        if kind in ("date", "birth", "age", "mobile", "landline", "id"):
            return surface.make(kind, split, rng, v, self.traditional)
        if kind in ("mrn", "opd", "ins"):
            prefix = {"mrn": ("", "ZY", ""), "opd": ("", "MZ"), "ins": ("", "YB")}[kind]
            return surface.record_number(rng, v, rng.choice(prefix))
        if kind == "email":
            return surface.email(rng, v) if split == "tune" else surface.email(rng, v, ("hotmail.com", "yeah.net", "gmail.com"))
        if kind == "url":
            return surface.url(rng, v) if split == "tune" else surface.url(rng, v, ("www.tw-clinic.org.tw", "m.health-portal.cn"))
        if kind == "ip":
            return surface.ip(rng, v)
        if kind == "addr":
            return places.address(split, rng, v, self.traditional)
        if kind == "city":
            return places.city(split, rng, v)
        if kind == "hosp":
            return places.hospital(split, rng, v)
        if kind == "org":
            return places.organisation(split, rng, v)
        if kind == "dev":
            return f"SN{rng.randint(10**7, 10**9)}"
        if kind == "lic":
            return f"{rng.randint(1, 9)}{rng.randint(10**13, 10**14 - 1)}"
        raise KeyError(kind)


def render(template: str, ctx: DocContext, builder: DocBuilder) -> None:
    """Append the filled template to builder."""
    pos = 0
    for m in SLOT.finditer(template):
        builder.add(template[pos : m.start()])
        kind, key = m.group(1), m.group(2)
        if kind.startswith("~"):
            builder.add(ctx.rng.choice(FILLERS[kind[1:]]))
        else:
            builder.phi(ENTITY_OF[kind].value, ctx.value(kind, key))
        pos = m.end()
    builder.add(template[pos:])
