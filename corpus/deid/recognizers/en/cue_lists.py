"""The lists and name parts that follow a cue's first name: 'Visitors: Kevin, Tamsin and Dmitri', 'NAME: PRICE,
YOUNG', 'Transcribed by: kz/tt' (a base of ``CueNameRecognizer``)."""

from presidio_analyzer import RecognizerResult

from corpus.deid import lexicons
from corpus.deid.recognizers.en.cue_patterns import CuePatterns, known_name
from corpus.deid.recognizers.en.cue_words import lower_name
from corpus.deid.recognizers.en.name_tokens import KINSHIP_WORDS, TOKEN_RE, bare, extend_name, first_word, trim_span
from corpus.deid.recognizers.en.role_words import CREDENTIAL_TOKEN, credential_at


class CueLists(CuePatterns):
    """Reads what follows a name found after a cue: more listed names, a first name after 'SURNAME,', typists."""

    def _inverted_first(self, text: str, end: int, etype: str) -> list[RecognizerResult]:
        """The first name after 'SURNAME,' when it is a known name word and not a credential ('PRICE, YOUNG')."""
        m = self.INVERTED.match(text, end)
        if m and lexicons.is_name_word(bare(m["f"].split()[0])) and not credential_at(text, m.start("f")):
            return [self._result(text, etype, m.start("f"), m.end("f"))]
        return []

    def _listed_names(self, text: str, end: int) -> list[tuple[int, int]]:
        """'Visitors: Kevin, Tamsin and Dmitri': more names after a label's first, joined by commas, semicolons or 'and'."""
        spans = []
        while (j := self.LIST_JOIN.match(text, end)) and len(spans) < 4:
            credential = credential_at(text, j.end())
            if not (credential or text[j.end()].isupper() or lower_name(text, j.end())):
                break
            if first_word(text, j.end()) in KINSHIP_WORDS:
                break  # 'Visitors: wife, son and daughter': relatives, not names
            if credential:
                # 'Referring physician: Brezhoni, M.D.': the name's credential, not a second name; a list may go on
                # after it ('witnessed by Zamudio, RN and Haberstroh')
                end = CREDENTIAL_TOKEN.match(text, j.end()).end()
                continue
            nxt = extend_name(text, j.end(), max_tokens=3, first_strict=True)
            if nxt <= j.end():
                nxt = self._known_item(text, j.end())  # 'present: Young; Grant; Page': a known name as a whole item
            if nxt <= j.end() or ";" in j.group() and not self.ITEM_END.match(text, nxt):
                break  # after a semicolon only a whole item is a name ('by CRA Zamudio; KARNOFSKY 80' is a new clause)
            spans.append((j.end(), nxt))
            end = nxt
        return spans

    def _known_item(self, text: str, pos: int) -> int:
        """End of a known name that makes up a whole list item ('Grant' in 'Young; Grant; Page'), else ``pos``."""
        tok = TOKEN_RE.match(text, pos)
        return tok.end() if tok and known_name(bare(tok.group())) and self.ITEM_END.match(text, tok.end()) else pos

    @classmethod
    def _with_typists(cls, text: str, end: int) -> int:
        """End of a signer's name with the typists' initials slash-joined after it ('Transcribed by: kz/tt')."""
        typist = cls.TYPIST_AFTER.match(text, end)
        return typist.end() if typist else end

    @staticmethod
    def _result(text: str, etype: str, start: int, end: int) -> RecognizerResult:
        s, e = trim_span(text, start, end)
        return RecognizerResult(etype, s, e, 0.75)
