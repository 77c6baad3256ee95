"""Named organisations in Chinese text: 公司, 集团, 大学, 学院, 中学, 研究所, 银行, 工厂, 派出所 ..."""

from __future__ import annotations

import re
from typing import Iterator

from corpus.deid.entities import EntityType
from corpus.deid.recognizers.zh._base import Span, ZhRecognizer
from corpus.deid.recognizers.zh._lexicon import to_simplified, variant_alternation
from corpus.deid.recognizers.zh._text import walk_left


class CnOrganizationRecognizer(ZhRecognizer):
    """Finds employer, school and other organisation names ending in an organisation suffix."""

    ENTITY = EntityType.ORGANIZATION.value
    ENTITIES = (ENTITY,)
    SUFFIXES = (
        "股份有限公司 有限责任公司 有限公司 分公司 公司 集团 大学 学院 职业技术学院 中学 小学 幼儿园 学校 研究所 研究院 "
        "研究中心 银行 工厂 制造厂 厂 派出所 公安局 管理局 税务局 委员会 居委会 村委会 事务所 协会 基金会 养老院 "
        "敬老院 福利院 监狱 酒店 饭店 超市 商场 合作社 实验室 出版社 报社 电视台 电台 律师事务所 会计师事务所 "
        "科技园 工作室 股份公司 控股 实业 商行 门市部 车队 劳务队 建筑队 工程队 农场 林场 矿 煤矿 钢铁厂 学会 "
        "联合会 工会 妇联 教育局 卫生局 卫健委 卫生健康委员会 人民政府 政府 法院 检察院 街道办事处 办事处"
    ).split()
    GENERIC_PREFIXES = frozenset(
        "某 该 本 我 一家 这家 那家 家 各 其他 其它 外资 国有 国营 私营 私人 民营 合资 小 大 大型 小型 普通 当地 "
        "本地 外地 附近 上 读 考 念 中 高 初 重点 名牌 一所 这所 那所 一个 保险 物流 快递 建筑 装修 电子 外贸 "
        "贸易 化工 食品 服装 科技 网络 信息 广告 房地产 医药 制药 药 汽车 机械 纺织 印刷 运输 出租 建设 工程 "
        "医学 医科 师范 工业 农业 理工 财经 政法 职业 技术 体育 艺术 音乐 美术 老年 社区 街道 乡 镇 村 县 市 "
        "省 区 国家 当地县 分 总 子 母 原 前 曾 单位 事业 机关 工作 所在 同一 多家 几家 两家 毕业 学 技校 夜 "
        "卫生 公安 交通 教育 财政 税务 工商 民政 人社 派出 人民 地方 基层 乡镇 村里 镇上 县里 市里".split()
    )
    # Characters after a suffix that show it was part of an ordinary word (局部, 厂家, 公司职员 is fine).
    BAD_FOLLOWERS = re.compile(r"[部麻限灶性家商]")
    LABELS = "工作单位 单位名称 单位 就职于 任职于 供职于 工作于 毕业于 就读于 服务于 雇主 所在单位 工作地点".split()
    NOT_NAMES = frozenset("无 退休 离休 个体 务农 农民 自由职业 待业 无业 学生 在校学生 不详 家务 家庭主妇 工人 职员 司机".split())
    MAX_PREFIX = 20
    SCORE = 0.75

    def load(self) -> None:
        """Compile the suffix pattern."""
        self._suffix = re.compile(rf"(?:{variant_alternation(self.SUFFIXES)})")
        self._labelled = re.compile(
            rf"(?:{variant_alternation(self.LABELS)})[：:\s]*(?P<v>[^\s，。；、,;：:\n（）()]{{2,30}})"
        )

    def find(self, text: str) -> Iterator[Span]:
        """Yield labelled employers and every suffix preceded by a specific (non-generic) name."""
        for m in self._labelled.finditer(text):
            value = to_simplified(m.group("v"))
            if value not in self.NOT_NAMES and not value.startswith(("某", "一家", "本地", "当地")):
                yield Span(m.start("v"), m.end("v"), self.ENTITY, self.SCORE)
        for m in self._suffix.finditer(text):
            if self.BAD_FOLLOWERS.match(text, m.end()) and len(m.group(0)) == 1:
                continue
            start = walk_left(text, m.start(), self.MAX_PREFIX, allowed_extra="0123456789（）()·&")
            prefix = text[start : m.start()]
            if len(prefix) < 2 or to_simplified(prefix) in self.GENERIC_PREFIXES:
                continue
            yield Span(start, m.end(), self.ENTITY, self.SCORE)
