"""Invented labelled notes and gold files for the tests: a name after a hand-off cue that no rule knows; i2b2 XML."""

from __future__ import annotations

import json
from pathlib import Path

from corpus.deid.gold_readers import GoldDoc, GoldSpan

# Lower case: no rule takes them, so only a tagger that learned the cue finds such a name.
NAMES = ("quorvath", "brelsind", "tavokin", "pellegrast", "umbrecht", "sorvanek")


def handoff_note(name: str, before: str = "lungs clear", after: str = "skin intact", doc_id: str = "") -> GoldDoc:
    """One note with ``name`` labelled as a clinician after 'handoff to'."""
    text = f"{before}. handoff to {name} at 0700. {after}."
    start = text.index(name)
    return GoldDoc(doc_id or name, text, [GoldSpan(start, start + len(name), "HCPName", "CLINICIAN_NAME")])


def handoff_notes(count: int = 30, names: tuple[str, ...] = NAMES) -> list[GoldDoc]:
    """``count`` such notes, cycling through ``names``."""
    return [handoff_note(names[i % len(names)], doc_id=str(i)) for i in range(count)]


def write_presidio(docs: list[GoldDoc], path: Path) -> Path:
    """The notes as a presidio-research JSON gold file (names labelled PERSON)."""
    path.write_text(json.dumps([{"full_text": d.text, "spans": [
        {"entity_type": "PERSON", "start_position": s.start, "end_position": s.end} for s in d.spans]} for d in docs]))
    return path


def write_i2b2(text: str, tags: list[tuple[str, str]], path: Path) -> Path:
    """One note as an i2b2 2014 XML gold file; ``tags`` are (TYPE, text) pairs, each at its first place in ``text``."""
    xml = "".join(f'<T{i} start="{text.index(v)}" end="{text.index(v) + len(v)}" text="{v}" TYPE="{t}"/>'
                  for i, (t, v) in enumerate(tags))
    path.write_text(f"<deIdi2b2><TEXT><![CDATA[{text}]]></TEXT><TAGS>{xml}</TAGS></deIdi2b2>")
    return path
