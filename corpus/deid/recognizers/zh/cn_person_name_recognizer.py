"""Chinese personal names: surname lexicon (incl. compound surnames) + given-name rules + context.

Four ways in, from strongest to weakest:
1. after a label or cue (患者, 姓名：, 主治医师, 家属, 我叫, 之子 ...) - the role follows the cue;
2. before a title (先生, 女士, 医生, 主任, 护士, 老师 ...), including a bare surname (王女士);
3. before a gender/age pair (王建国，男，65岁) or after an enumeration of names (、);
4. anywhere: a known surname + 1-2 given characters, unless the characters form a common word
   (jieba's dictionary) or a clinical term, so 高血压, 常规, 明确, 白细胞 are not names.
"""

from __future__ import annotations

import re
from typing import Iterator

from corpus.deid.entities import EntityType
from corpus.deid.recognizers.zh._base import Span, ZhRecognizer
from corpus.deid.recognizers.zh._lexicon import (
    alternation,
    common_words,
    name_char_count,
    to_simplified,
    variant_alternation,
    words,
    wordlike_names,
)
from corpus.deid.recognizers.zh._text import BREAK_CHARS, CJK, is_cjk

E = EntityType


class CnPersonNameRecognizer(ZhRecognizer):
    """Finds patient, clinician, relative and other personal names in Chinese text."""

    ENTITIES = (E.PATIENT_NAME.value, E.CLINICIAN_NAME.value, E.RELATIVE_NAME.value, E.PERSON.value)
    CUES: dict[str, str] = {
        **dict.fromkeys(
            "患者 病人 病患 姓名 患者姓名 病人姓名 病者 受检者 受檢者 就诊者 求诊者 被检者 患儿 患儿姓名 产妇 孕妇 "
            "住院患者 门诊患者 本人".split(),
            E.PATIENT_NAME.value,
        ),
        **dict.fromkeys(
            "医师 医生 大夫 主任 主治 主治医师 住院医师 主任医师 副主任医师 主管医师 经治医师 实习医师 进修医师 "
            "规培医师 护士 护师 护士长 责任护士 主管护师 技师 药师 教授 院长 科主任 签名 医师签名 医生签名 记录者 "
            "记录人 书写者 书写医师 审核 审核者 审核医师 报告医师 报告者 报告医生 检查医师 检查者 诊断医师 主刀 术者 "
            "助手 一助 二助 麻醉师 麻醉医师 接诊医师 会诊医师 上级医师 值班医师 操作者 申请医师 申请医生 开单医生 "
            "复核 复核者 审签 检验者 检验师 检验医师 检验人 采样者 送检医生 送检医师 核对者 核对人 执行者 执行人 "
            "操作医师 护理者 记账 Dr. Dr".split(),
            E.CLINICIAN_NAME.value,
        ),
        **dict.fromkeys(
            "家属 联系人 监护人 代理人 陪同人 陪护 配偶 丈夫 妻子 爱人 老伴 儿子 女儿 之子 之女 之妻 之夫 之母 之父 "
            "父亲 母亲 哥哥 姐姐 弟弟 妹妹 孙子 孙女 外孙 儿媳 女婿 亲属 委托人 签字人 授权人 紧急联系人 我爸 我妈 "
            "我爱人 我老伴 我儿子 我女儿 我丈夫 我妻子 其子 其女 其妻 其夫 其母 其父".split(),
            E.RELATIVE_NAME.value,
        ),
        **dict.fromkeys("我叫 叫我 名叫 名字是 名字叫 我是 这是 这位是 姓 称呼 见到 告诉 通知 联系 找 问".split(), E.PERSON.value),
    }
    TITLES: dict[str, str] = {
        **dict.fromkeys(
            "医生 医师 大夫 主任 副主任 教授 副教授 护士 护士长 院长 主治 药师 技师 博士".split(), E.CLINICIAN_NAME.value
        ),
        **dict.fromkeys(
            "先生 女士 小姐 太太 老师 师傅 阿姨 大爷 大妈 奶奶 爷爷 老人 同志 老先生 老太太 伯伯 叔叔 婶婶 同学 "
            "之子 之女 之妻 之夫 之母 之父 家属".split(),
            E.PERSON.value,
        ),
    }
    # Characters that end a given name (function words, verbs, clinical morphemes, titles' first chars).
    STOP_CHARS = frozenset(
        "的了是在和与及或也都就又被把从向对于以为而且但因所等着过呢吗吧啊呀哦嗯今昨诉说讲称述问答叫要会能可将再还"
        "才只仍并即则我你他她您它们女岁年日时分秒次个位名先医护主院科床号室病患者属之其该本此每有无未已予给服用来去到入出"
        "住做查见示觉感伴近前后左右上下内外侧部诊治疗术检验测体温血压痛炎肿瘤癌糖尿便热咳嗽吐泻晕药片针剂"
        "於與從對為說稱問會將還並則歲個醫護屬該無見後側檢驗測體溫壓癥藥劑療術診"
    )
    # Cues after which any 2-3 characters are taken as a name, even without a known surname.
    NAME_FIELDS = frozenset(
        "姓名 患者姓名 病人姓名 患儿姓名 签名 医师签名 医生签名 记录者 记录人 书写者 书写医师 审核 审核者 审核医师 "
        "报告医师 报告者 报告医生 检查医师 检查者 诊断医师 主刀 术者 联系人 监护人 代理人 委托人 签字人 授权人 紧急联系人 "
        "复核 复核者 审签 检验者 检验师 检验医师 检验人 采样者 送检医生 送检医师 核对者 核对人 执行者 执行人 "
        "申请医师 申请医生 开单医生 会诊医师 接诊医师 经治医师 主治医师 住院医师 主任医师 责任护士".split()
    )
    # Cues that say outright that a name follows (no colon needed).
    SAYS_NAME = frozenset("我叫 叫我 名叫 名字是 名字叫".split())
    NAME_CHAR_MIN = 60
    AMBIGUOUS_BARE = frozenset("时于和同及与向从那都上全其文明方常平安白金石万江田左右成代车门应尚谷关来")
    MASKS = r"(?:某某|某|XX|xx|ＸＸ|\*\*|＊＊|○○|〇〇)"
    SCORE_CUE = 0.85
    SCORE_LEXICON = 0.55

    def load(self) -> None:
        """Build surname, cue and title patterns."""
        single, compound = words("surnames_single"), words("surnames_compound")
        self._single, self._compound = single, compound
        surname = f"(?:{alternation(compound)}|{alternation(single)})"
        cjk = f"[{CJK}]"
        self._cue_lookup = {to_simplified(k): v for k, v in self.CUES.items()}
        self._title_lookup = {to_simplified(k): v for k, v in self.TITLES.items()}
        self._cue = re.compile(
            rf"(?P<cue>{variant_alternation(self.CUES)})(?:[（(][^）)\n]{{1,8}}[）)])?[ ]?[：:]?[ ]?"
            r"(?:为|為|是|叫|名叫)?[ ]?"
        )
        self._titled = re.compile(
            rf"(?P<name>{surname}(?:{cjk}{{0,2}}?|{self.MASKS}))(?P<title>{variant_alternation(self.TITLES)})"
        )
        self._gendered = re.compile(
            rf"(?P<name>{surname}{cjk}{{1,2}})(?=[，,、 （(]*[男女][，,、 ）)]*\d{{1,3}}[ ]?[岁歲]"
            rf"|[ ]?[（(][ ]?(?:住院号|门诊号|病案号|床号|ID|男|女|\d{{1,3}}[ ]?岁|\d{{1,3}}床))"
        )
        self._masked = re.compile(rf"{surname}{self.MASKS}(?![日天时時些种種处處个個年月院])")
        self._title_at = re.compile(variant_alternation(self.TITLES))
        self._transliterated = re.compile(rf"{cjk}{{1,6}}[·•・]{cjk}{{1,6}}(?:[·•・]{cjk}{{1,6}})?")
        self._surname_start = re.compile(surname)
        self._common = common_words()
        self._wordlike = wordlike_names()

    def find(self, text: str) -> Iterator[Span]:
        """Yield names found by cues, titles, gender/age pairs, masks and the surname lexicon."""
        yield from self._after_cues(text)
        yield from self._before_titles(text)
        for m in self._gendered.finditer(text):
            start = m.start("name")
            end = self._given_end(text, start)
            if self._free_standing(text, start, end - start):
                yield Span(start, end, E.PATIENT_NAME.value, self.SCORE_CUE)
        for pattern in (self._masked, self._transliterated):
            for m in pattern.finditer(text):
                yield Span(m.start(), m.end(), E.PERSON.value, self.SCORE_CUE)
        yield from self._lexicon_only(text)

    def _after_cues(self, text: str) -> Iterator[Span]:
        for m in self._cue.finditer(text):
            cue = to_simplified(m.group("cue"))
            role = self._cue_lookup.get(cue, E.PERSON.value)
            field = cue in self.SAYS_NAME or (cue in self.NAME_FIELDS and any(c in m.group(0) for c in "：:"))
            pos = m.end()
            while pos < len(text):
                end = self._name_at(text, pos, field=field, after=cue)
                if end <= pos:
                    break
                yield Span(pos, end, role, self.SCORE_CUE)
                pos = self._next_in_list(text, end)

    def _before_titles(self, text: str) -> Iterator[Span]:
        for m in self._titled.finditer(text):
            start, end = m.start("name"), m.end("name")
            if not self._free_standing(text, start, end - start):
                continue
            role = self._title_lookup.get(to_simplified(m.group("title")), E.PERSON.value)
            yield Span(start, end, role, self.SCORE_CUE)

    def _lexicon_only(self, text: str) -> Iterator[Span]:
        pos = 0
        while pos < len(text):
            word = self._word_at(text, pos)
            if word > 1 and text[pos : pos + 2] not in self._compound:
                pos += word  # inside a common word (阿司匹林, 检查): skip it whole
                continue
            if self._starts_name(text, pos):
                end = self._name_at(text, pos, field=False)
                if end > pos and text[pos:end] not in self._wordlike and not self._given_starts_word(text, pos, end):
                    yield Span(pos, end, E.PERSON.value, self.SCORE_LEXICON)
                    pos = end
                    continue
            pos += 1

    def _starts_name(self, text: str, pos: int) -> bool:
        """A surname here; an ambiguous one (于, 时, 和) only at a boundary, not mid-sentence."""
        if text[pos : pos + 2] in self._compound:
            return True
        if text[pos] not in self._single:
            return False
        return text[pos] not in self.AMBIGUOUS_BARE or pos == 0 or not is_cjk(text[pos - 1])

    def _word_at(self, text: str, pos: int) -> int:
        """Length of the longest common word starting at pos (1 when none)."""
        for k in (8, 7, 6, 5, 4, 3, 2):
            if text[pos : pos + k] in self._common:
                return k
        return 1

    def _given_starts_word(self, text: str, pos: int, end: int) -> bool:
        """True when the given name begins a common word that runs past the name (于急诊科)."""
        given = pos + (2 if text[pos : pos + 2] in self._compound else 1)
        return any(text[given : given + k] in self._common and given + k > end for k in (2, 3, 4))

    def _name_at(self, text: str, pos: int, field: bool, after: str | None = None) -> int:
        """End of a name starting at pos, or pos when there is none.

        A name is a known surname with 1-2 given characters that do not form a common word; after
        a name field (姓名：) any 2-3 name-like characters are accepted.
        """
        m = self._surname_start.match(text, pos)
        if m:
            end = self._given_end(text, pos, surname_len=m.end() - pos)
            if end > m.end() and (field or self._free_standing(text, pos, end - pos, left=after is None)):
                return end
        if after is not None and text[pos : pos + 1] in "小阿老" and pos + 1 < len(text):
            nick = text[pos + 1]
            if is_cjk(nick) and nick not in self.STOP_CHARS and text[pos : pos + 2] not in self._common:
                return pos + 2
        if not field:
            return pos
        end = pos
        while end < len(text) and end - pos < 3 and is_cjk(text[end]) and text[end] not in self.STOP_CHARS:
            end += 1
        return end if end - pos >= 2 else pos

    def _given_end(self, text: str, pos: int, surname_len: int | None = None) -> int:
        """End of the given name after the surname at pos: 1-2 characters, fewer before a stop.

        The second character is dropped when it starts a common word with the next one (李强陪同)
        unless it is a frequent given-name character (王建国家属 keeps 国): recall first.
        """
        if surname_len is None:
            surname_len = 2 if text[pos : pos + 2] in self._compound else 1
        end = pos + surname_len
        for index in range(2):
            if end >= len(text) or not is_cjk(text[end]) or text[end] in self.STOP_CHARS:
                break
            if self._title_at.match(text, end):
                break
            if index == 1 and text[end : end + 2] in self._common and name_char_count(text[end]) < self.NAME_CHAR_MIN:
                break
            end += 1
        return end

    def _free_standing(self, text: str, pos: int, length: int, left: bool = True) -> bool:
        """True when the candidate is not part of a common word or clinical term around it.

        left=False skips the check against the preceding characters (a cue stands there).
        """
        candidate = text[pos : pos + length]
        prev = text[pos - 1] if pos else ""
        if length == 1 and candidate in self.AMBIGUOUS_BARE and is_cjk(prev or "a") and prev not in BREAK_CHARS:
            return False
        for k in (2, 3):
            if left and pos >= k - 1 and text[pos - k + 1 : pos + 1] in self._common:
                return False
        for k in (2, 3, 4):
            word = text[pos : pos + k]
            if word in self._common and k <= max(length, 2) + 1 and word not in self._compound:
                return False
        return True

    def _next_in_list(self, text: str, end: int) -> int:
        """Position of the next name in an enumeration (、 和 及 与), or len(text) to stop."""
        if end < len(text) and text[end] in "、和及与與,，" and self._surname_start.match(text, end + 1):
            return end + 1
        return len(text)
