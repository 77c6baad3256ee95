"""Chinese addresses and place names: 省/市/区/县/镇/村, 路/街/巷/弄 + 号, 小区/栋/单元/室, postcodes.

Anchors are known division names (data/zh lexicons), address labels (住址, 家住, 来自 ...),
place-name suffixes, and street + number; from each anchor the span grows over address
components. Clinical words that end in a place suffix (病区, 呼吸道, 镇静) are excluded.
"""

from __future__ import annotations

import re
from typing import Iterator

from corpus.deid.entities import EntityType
from corpus.deid.recognizers.zh._base import Span, ZhRecognizer
from corpus.deid.recognizers.zh._lexicon import alternation, variant_alternation, words
from corpus.deid.recognizers.zh._text import BREAK_CHARS, CJK

_NUM = r"(?:[0-9０-９]+|[一二三四五六七八九十百零〇]+)"


class CnAddressRecognizer(ZhRecognizer):
    """Finds addresses, streets, towns and division names in Simplified and Traditional Chinese."""

    ENTITY = EntityType.LOCATION.value
    ENTITIES = (ENTITY,)
    CONTEXT_WORDS = (
        "住址 地址 现住址 现住 家住 住在 居住于 居住在 住于 户籍地 户籍 籍贯 出生地 来自 位于 寄居 家庭住址 "
        "通讯地址 联系地址 工作地点 现居 老家 原籍 搬到 搬至 迁至 住处 邮寄地址 居住地 常住地 家在 户口所在地"
    ).split()
    DIVISION_SUFFIXES = "特别行政区 自治区 自治州 自治县 省 市 区 县 旗 盟 镇 乡 街道 村 屯 庄 社区 新区 开发区 管理区".split()
    STREET_SUFFIXES = "大道 大街 路 街 巷 弄 胡同 段 里 道 坊 巷子".split()
    ESTATE_SUFFIXES = (
        "小区 花园 公寓 大厦 新村 家园 苑 园 广场 大楼 山庄 新城 名苑 华府 府 庭 湾 城 中心 组 队 号院 宿舍 楼".split()
    )
    UNITS = "号楼 号院 号 弄 栋 幢 座 楼 层 单元 室 户 组 排 门 巷 段 区 期 队".split()
    # Words that end in a place suffix but name a place only with a proper name before them.
    BARE_EXCLUDED = frozenset("社区 小区 花园 家园 广场 新区 园区 开发区 中心 新村 公寓 大厦 新城 宿舍".split())
    # Clinical or generic words that end in a place suffix: never part of a place.
    EXCLUDED = frozenset(
        (
            "病区 城区 郊区 山区 牧区 市区 地区 景区 校区 园区 辖区 片区 分区 禁区 误区 盲区 灾区 疫区 "
            "专区 区域 城市 超市 上市 都市 门市 夜市 股市 菜市 集市 闹市 本市 该市 全市 外市 城镇 乡镇 村镇 家乡 "
            "故乡 老乡 城乡 回乡 下乡 农村 乡村 山村 渔村 本村 同村 该村 全村 本县 该县 全县 本省 外省 全省 该省 "
            "思路 道路 线路 通路 旁路 回路 走路 出路 一路 马路 心路 气道 呼吸道 消化道 尿道 阴道 胆道 食道 肠道 "
            "管道 通道 隧道 步道 轨道 频道 渠道 报道 知道 味道 人道 心里 这里 那里 哪里 公里 千里 邻里 家里 "
            "公园 校园 乐园 田园 庄园 果园 菜园 商场 市场 城里 进城 县城 省城 古城 长城 "
            "门诊楼 住院楼 病房楼 楼上 楼下 楼梯 一楼 二楼 电梯 小组 分组 组织 队伍 部队"
        ).split()
    )
    STRICT_CITIES = frozenset(
        "朝阳 长安 和平 白银 来宾 安康 中山 阿里 山南 三明 大理 普洱 红河 文山 白山 长治 三沙 中卫 玉树 "
        "海东 海北 海西 海南 金昌 平凉 太平 光复 光復 北斗 牡丹 梅山 竹田 白沙 太保 古坑 八德 关山 關山 草屯 北港 "
        "三重 永和 中和 永康 大里 新营 新營 永安 宁德 寧德 嘉禾 兴城 興城 北镇 北鎮 海门 海門 大冶 宜都 合山 "
        "关岭 關嶺 吉林 通化 黄山 黃山 新城 东城 西城 城北 城东 清河 龙潭 龍潭 华龙 華龍 友好 上街 长寿 長壽 "
        "白云 白雲 高明 秀英 平山 沙湾 南湖 新都 光明 江北 河东 河西 南开 长宁 長寧 天桥 天橋 市中 金山 宝山 寶山 "
        "鼓楼 鼓樓 雨花 青山 吴中 吳中 虎丘 集美 同安 相城 高港 沙市 大同 延安 天门 天門 仙桃 恩施 德宏 "
        "河池 百色 昌吉 塔城 锦江 錦江 武侯 金牛 青羊 江岸 江汉 江漢 汉阳 漢陽 武昌 洪山 新洲 未央 碑林 历下".split()
    )
    SCORE_ANCHORED = 0.85
    SCORE_GENERIC = 0.6

    def load(self) -> None:
        """Build the anchor and component patterns from the lexicons."""
        cities = set(words("cities")) | set(words("provinces"))
        loose = {c for c in cities if c not in self.STRICT_CITIES and len(c) >= 2}
        strict = {c for c in cities if c in self.STRICT_CITIES} | set(words("districts"))
        div_suffix = variant_alternation(self.DIVISION_SUFFIXES)
        street_suffix = variant_alternation(self.STREET_SUFFIXES)
        estate_suffix = variant_alternation(self.ESTATE_SUFFIXES)
        units = variant_alternation(self.UNITS)
        cjk_free = f"[{CJK}]"
        lexicon = (
            rf"(?:{alternation(loose)})(?:{div_suffix})?"
            rf"|(?:{alternation(strict)})(?:{div_suffix})"
            rf"|(?:{alternation(set(words('tw_street_names')))})(?:[东西南北中東]?(?:{street_suffix}))"
        )
        self._lexicon = re.compile(lexicon)
        self._context = re.compile(rf"(?:{variant_alternation(self.CONTEXT_WORDS)})[：:\s]*(?:为|為|是|在|于|於)?[：:\s]*")
        self._generic = re.compile(
            rf"{cjk_free}{{2,4}}?(?:{variant_alternation(['省', '自治区', '自治州', '县', '市', '区', '镇', '乡'])})"
            rf"(?!{variant_alternation(['静', '痛', '定', '咳', '吐', '惊', '守', '委', '政府', '长', '级', '医院', '人民医院', '获得'])})"
            rf"|{cjk_free}{{2,5}}?(?:{street_suffix}){_NUM}(?:[\-之]\d+)?(?:{units})"
        )
        self._component = re.compile(
            rf"[ ·]?(?:(?:{lexicon})"
            rf"|{_NUM}(?:[\-－之]{_NUM})?(?:{units})(?:[\-－之]\d+)?"
            rf"|[A-Za-z](?:{units})"
            rf"|{cjk_free}{{1,8}}?(?:{div_suffix}|{street_suffix}|{estate_suffix}))"
        )
        self._postcode = re.compile(r"[ ]?(?:\(|（)?\d{6}(?![0-9])(?:\)|）)?")
        self._labelled_postcode = re.compile(r"(?:邮编|郵編|郵遞區號|邮政编码|郵政編碼)[：:\s]*(\d{3,6})(?![0-9])")

    def find(self, text: str) -> Iterator[Span]:
        """Yield address spans grown from every anchor."""
        for m in self._context.finditer(text):
            end = self._extend(text, m.end())
            if end > m.end() and not self._excluded(text[m.end() : end]):
                yield Span(m.end(), end, self.ENTITY, self.SCORE_ANCHORED)
        for m in self._lexicon.finditer(text):
            yield Span(m.start(), self._extend(text, m.end()), self.ENTITY, self.SCORE_ANCHORED)
        for m in self._generic.finditer(text):
            start = self._trim(text, m.start(), m.end())
            if m.end() - start >= 2 and not self._excluded(text[start : m.end()]):
                yield Span(start, self._extend(text, m.end()), self.ENTITY, self.SCORE_GENERIC)
        for m in self._labelled_postcode.finditer(text):
            yield Span(m.start(1), m.end(1), self.ENTITY, self.SCORE_ANCHORED)

    def _extend(self, text: str, pos: int) -> int:
        """Grow an address over following components; return the new end."""
        while True:
            m = self._component.match(text, pos)
            if not m or m.end() == pos:
                break
            piece = m.group(0).lstrip(" ·")
            if any(c in BREAK_CHARS for c in piece) or self._excluded(piece):
                break
            pos = m.end()
        m = self._postcode.match(text, pos)
        return m.end() if m else pos

    def _trim(self, text: str, start: int, end: int) -> int:
        """Drop leading function characters and address labels a generic match took along."""
        breaks = [i for i in range(start, end) if text[i] in BREAK_CHARS]
        start = breaks[-1] + 1 if breaks else start
        while start < end:
            m = self._context.match(text, start, end)
            if m and m.end() < end:
                start = m.end()
            elif text[start] in BREAK_CHARS:
                start += 1
            else:
                break
        return start

    def _excluded(self, piece: str) -> bool:
        if any(piece.endswith(word) for word in self.EXCLUDED):
            return True
        return any(piece.endswith(word) and len(piece) - len(word) < 2 for word in self.BARE_EXCLUDED)
