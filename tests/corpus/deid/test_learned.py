"""The site-trained tagger: learns a site's own cue for names from labelled notes, adds spans under the rules,
never removes one, writes its model atomically, and refuses input it cannot learn from (all notes invented)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from corpus.deid.engine import DeidEngine
from corpus.deid.gold_readers import GoldDoc
from corpus.deid.learned import SiteTagger, features, train
from tests.corpus.deid.site_notes import handoff_note

# Invented capitalised surnames no lexicon lists (site_notes has the lower-case ones), after a hand-off cue.
NAMES = ["Quorvath", "Brelsind", "Tavokin", "Pellegrast", "Umbrecht", "Sorvanek", "Gildmoor", "Vantrepp",
         "Ostrivane", "Kelmbright", "Druvesk", "Almarind"]
FILLER = ["pt resting comfortably", "lungs clear bilat", "foley draining clear urine", "afebrile overnight",
          "tolerating tube feeds", "skin intact", "no c/o pain"]


def note(rng: random.Random, name: str) -> GoldDoc:
    return handoff_note(name, ". ".join(rng.sample(FILLER, 2)), ". ".join(rng.sample(FILLER, 2)))


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Path:
    rng = random.Random(7)
    docs = [note(rng, rng.choice(NAMES[:8])) for _ in range(60)]
    path = tmp_path_factory.mktemp("site") / "site-model.crfsuite"
    report = train(docs, path, max_iterations=60)
    assert report.documents == 60 and report.phi_tokens == 60 and report.labels == ["CLINICIAN_NAME"]
    return path


def test_tagger_when_unseen_name_in_learned_context_then_found(model: Path) -> None:
    text = "afebrile overnight. handoff to Ostrivane at 0700. skin intact."
    spans = SiteTagger(model).spans(text)
    assert [(text[s:e], t) for s, e, t, _ in spans] == [("Ostrivane", "CLINICIAN_NAME")]


def test_tagger_when_common_words_in_learned_context_then_nothing(model: Path) -> None:
    assert SiteTagger(model).spans("lungs clear bilat. handoff to night shift at 0700. no c/o pain.") == []


def test_engine_when_site_model_given_then_adds_spans_and_keeps_every_rule_span(model: Path) -> None:
    text = "Seen by Dr. Alice Jennings on 3/4/2019. handoff to Kelmbright at 0700."
    rules = {(f.start, f.end) for f in DeidEngine.from_registry(languages=("en",)).analyze(text, "en")}
    site = DeidEngine.from_registry(languages=("en",), site_model=model).analyze(text, "en")
    covered = {i for f in site for i in range(f.start, f.end)}
    assert all(set(range(s, e)) <= covered for s, e in rules)
    assert set(range(text.index("Kelmbright"), text.index("Kelmbright") + 10)) <= covered


def test_train_when_no_english_phi_then_refused_and_no_file(tmp_path: Path) -> None:
    path = tmp_path / "m.crfsuite"
    with pytest.raises(ValueError, match="no English PHI"):
        train([GoldDoc("1", "nothing to see here"), GoldDoc("2", "张三", language="zh")], path)
    assert not path.exists() and not list(tmp_path.iterdir())


def test_tagger_when_model_missing_then_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="site model not found"):
        SiteTagger(tmp_path / "absent.crfsuite")


def test_features_when_text_has_no_tokens_then_empty(model: Path) -> None:
    assert features("   \n ") == ([], [])
    assert SiteTagger(model).spans("") == []


def test_structured_text_when_site_model_given_then_free_text_fields_use_it(model: Path) -> None:
    from corpus.structured.text import EngineTextDeidentifier

    text = "afebrile overnight. handoff to ostrivane at 0700. skin intact."
    key = b"structured-site-key-0123456789ab"
    rules = EngineTextDeidentifier.default(key, ("en",)).deidentify_text(text, "en", "patient-1", "tags")
    with_site = EngineTextDeidentifier.default(key, ("en",), site_model=str(model))
    site = with_site.deidentify_text(text, "en", "patient-1", "tags")
    assert "ostrivane" in rules and "ostrivane" not in site and "handoff to" in site


def test_tagger_features_when_model_open_then_only_its_attributes_as_bytes_and_same_probabilities(model: Path) -> None:
    tagger = SiteTagger(model)
    text = "handoff to Ostrivane at 0700. Zyxwvut qqq 12/3, skin intact.\nLUNGS CLEAR"
    offsets, full = features(text)
    again, kept = features(text, tagger._view)
    known = {attr for attr, _ in tagger._tagger.info().state_features}
    assert again == offsets and sum(map(len, kept)) < sum(map(len, full))
    assert [sorted(k) for k in kept] == [sorted(f.encode() for f in feats if f in known) for feats in full]

    def outside(feats: list[tuple]) -> list[float]:
        tagger._tagger.set(feats)
        return [tagger._tagger.marginal("O", i) for i in range(len(offsets))]

    assert outside(kept) == pytest.approx(outside(full), abs=1e-9)
