"""Named hospitals and clinics: XX医院, XX人民医院, 卫生院, 社区卫生服务中心, 诊所 (Simplified and Traditional).

The name is the run of name-like characters before the suffix; generic references
(我院, 本院, 外院, 当地医院, 上级医院, 社区医院) carry no identity and are not matched.
"""

from __future__ import annotations

import re
from typing import Iterator

from corpus.deid.entities import EntityType
from corpus.deid.recognizers.zh._base import Span, ZhRecognizer
from corpus.deid.recognizers.zh._lexicon import to_simplified, variant_alternation
from corpus.deid.recognizers.zh._text import walk_left


class CnHospitalRecognizer(ZhRecognizer):
    """Finds hospital and clinic names ending in a facility suffix, with a non-generic name before it."""

    ENTITY = EntityType.HOSPITAL.value
    ENTITIES = (ENTITY,)
    SUFFIXES = (
        "医院 卫生院 社区卫生服务中心 卫生服务中心 社区卫生服务站 卫生服务站 卫生室 卫生所 诊所 门诊部 保健院 "
        "妇幼保健院 妇幼保健所 急救中心 血站 疗养院 康复中心 医疗中心 医学中心 疾病预防控制中心 疾控中心 医务室 "
        "体检中心 医疗集团 医联体 精神卫生中心 中医馆 国医馆 诊疗中心 透析中心 医学检验所 检验中心 影像中心 "
        "长照中心 照护中心 护理之家 安养中心 养护中心 养老院 护理院 安宁病房 长期照护中心"
    ).split()
    GENERIC_PREFIXES = frozenset(
        "我 本 该 外 他 当地 上级 下级 基层 综合 专科 私立 公立 私人 民营 某 附近 其他 其它 多家 各级 三甲 三级 "
        "三级甲等 二级 二甲 一级 省级 市级 县级 区级 乡镇 乡 镇 村 县 市 省 区 定点 就近 社区 大 小 一家 这家 "
        "那家 家 同一 原 首诊 转诊 接诊 两家 几家 各 当地县 当地市 当地乡 外地 本地 合作 协作 联合 上述 此 中 西 "
        "中医 西医 儿童 妇幼 口腔 眼科 肿瘤 精神 传染病 胸科 骨科 康复 中西医结合 专门 普通 正规 大型 小型 "
        "部队 军队 教学 附属 门诊 住院 内科 外科 本院 我院 该院 外院 他院 院 医院 上级医院 当地医院".split()
    )
    MAX_PREFIX = 24
    SCORE = 0.85

    def load(self) -> None:
        """Compile the suffix pattern."""
        self._suffix = re.compile(rf"(?:{variant_alternation(self.SUFFIXES)})")

    def find(self, text: str) -> Iterator[Span]:
        """Yield name + suffix for every suffix preceded by a specific (non-generic) name."""
        for m in self._suffix.finditer(text):
            start = walk_left(text, m.start(), self.MAX_PREFIX, allowed_extra="0123456789（）()·")
            prefix = text[start : m.start()]
            if len(prefix) < 2 and not (prefix and prefix[-1].isdigit()):
                continue
            if to_simplified(prefix) in self.GENERIC_PREFIXES:
                continue
            yield Span(start, m.end(), self.ENTITY, self.SCORE)
