"""Absolute dates in Chinese clinical text: 年月日 forms, numeric forms, Chinese numerals, 民国 years."""

from __future__ import annotations

import re
from typing import Iterator

from corpus.deid.entities import EntityType
from corpus.deid.recognizers.zh._base import Span, ZhRecognizer

_CN_DIGIT = "〇零○０Ｏ一二三四五六七八九"
_CN_MONTH = r"(?:十[一二]|[一二三四五六七八九十]|正|腊|臘)"
_CN_DAY = r"(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_MONTH = r"(?:1[0-2]|0?[1-9])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_YEAR4 = r"(?:1[89]|20)\d{2}"
_S = r"[ ]?"
_DAY_MARK = r"[日号號]"
_NOT_DIGIT_BEFORE = r"(?<![0-9.])"
_NOT_DIGIT_AFTER = r"(?![0-9])"


class CnDateRecognizer(ZhRecognizer):
    """Finds calendar dates and years; relative expressions (昨天, 三天前, 入院第2天) never match."""

    ENTITY = EntityType.DATE.value
    ENTITIES = (ENTITY,)
    MONTH_PART = r"(?:初|中旬|上旬|下旬|底|末|份|中)"
    PATTERNS = (
        # 2019年3月5日, 2019年03月, 2019 年 3 月 5 号, 2019年3月初
        rf"{_NOT_DIGIT_BEFORE}{_YEAR4}{_S}年{_S}{_MONTH}{_S}月(?:{_S}{_DAY}{_S}{_DAY_MARK}?|{MONTH_PART})?",
        # 2019年 alone, 2019年底
        rf"{_NOT_DIGIT_BEFORE}{_YEAR4}{_S}年(?:初|底|末|中|前后|左右)?",
        # 19年3月5日, 108年3月5日 (民國 year without the era name)
        rf"{_NOT_DIGIT_BEFORE}\d{{2,3}}{_S}年{_S}{_MONTH}{_S}月(?:{_S}{_DAY}{_S}{_DAY_MARK}?)?",
        # 2019-03-05, 2019/3/5, 2019.03.05, 2019_03_05
        rf"{_NOT_DIGIT_BEFORE}{_YEAR4}([\-/.．_]){_MONTH}\1{_DAY}{_NOT_DIGIT_AFTER}",
        # 2019-03, 2019/3
        rf"{_NOT_DIGIT_BEFORE}{_YEAR4}[\-/]{_MONTH}(?![0-9\-/.])",
        # 05/03/2019, 5-3-2019
        rf"{_NOT_DIGIT_BEFORE}{_DAY}([\-/.]){_MONTH}\1{_YEAR4}{_NOT_DIGIT_AFTER}",
        # 20190305
        rf"(?<![0-9A-Za-z.]){_YEAR4}(?:1[0-2]|0[1-9])(?:3[01]|[12]\d|0[1-9])(?![0-9A-Za-z])",
        # 3月5日, 03月05号
        rf"{_NOT_DIGIT_BEFORE}{_MONTH}{_S}月{_S}{_DAY}{_S}{_DAY_MARK}",
        # 3月中旬, 12月底, 3月份
        rf"{_NOT_DIGIT_BEFORE}{_MONTH}{_S}月(?:初|中旬|上旬|下旬|底|份)",
        # 二〇一九年三月五日, 二零一九年, 一九九八年十二月
        rf"[{_CN_DIGIT}]{{4}}{_S}年(?:{_S}{_CN_MONTH}{_S}月(?:{_S}{_CN_DAY}{_S}{_DAY_MARK}?)?)?",
        # 三月五日, 十二月二十八号, 正月初三
        rf"{_CN_MONTH}月(?:{_CN_DAY}{_DAY_MARK}|初[一二三四五六七八九十])",
        # 民国108年3月5日, 民國一百零八年, 民國99年
        rf"民[国國]{_S}(?:\d{{1,3}}|[一二三四五六七八九十百零〇]{{1,5}}){_S}年"
        rf"(?:{_S}(?:{_MONTH}|{_CN_MONTH}){_S}月(?:{_S}(?:{_DAY}|{_CN_DAY}){_S}{_DAY_MARK}?)?)?",
    )
    SCORE = 0.85

    def load(self) -> None:
        """Compile the patterns once."""
        self._compiled = [re.compile(p) for p in self.PATTERNS]

    def find(self, text: str) -> Iterator[Span]:
        """Yield every date-shaped expression."""
        for pattern in self._compiled:
            for m in pattern.finditer(text):
                yield Span(m.start(), m.end(), self.ENTITY, self.SCORE)
