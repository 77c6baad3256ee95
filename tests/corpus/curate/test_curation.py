"""Curation primitives: duplicates (exact, near), quality filters, patient-level splits."""

from __future__ import annotations

import random

import numpy as np
import pytest

from corpus.curate import dedup
from corpus.curate.dedup import exact_duplicates, near_duplicates
from corpus.curate.minhash import signature, text_sha256
from corpus.curate.quality import QualityConfig, verdict
from corpus.curate.splits import SplitConfig, split_of
from corpus.sample import english_note, person


def _notes(n: int) -> list[str]:
    rng = random.Random(1)
    return [english_note(rng, person(rng)) for _ in range(n)]


def test_when_text_repeats_with_other_case_and_spacing_then_only_the_first_is_kept() -> None:
    texts = ["Chest pain, ECG normal.", "chest  pain, ECG NORMAL.", "Wrist fracture, cast applied."]
    keys = np.array([int(text_sha256(t)[:16], 16) for t in texts], dtype=np.uint64)
    assert exact_duplicates(keys).tolist() == [False, True, False]


def test_when_a_note_is_lightly_edited_then_it_is_a_near_duplicate_and_distinct_notes_are_not() -> None:
    notes = _notes(40)
    edited = notes[3].replace("Plan:", "Plan -").replace("Exam:", "On exam:")
    sigs = np.array([signature(t) for t in [*notes, edited]], dtype=np.uint32)
    dup = near_duplicates(sigs, 0.8)
    assert dup[-1] and not dup[:-1].any()


def test_when_already_dropped_documents_are_skipped_then_they_do_not_hide_their_copies() -> None:
    note = _notes(1)[0]
    sigs = np.array([signature(note), signature(note)], dtype=np.uint32)
    assert near_duplicates(sigs, 0.8, skip=np.array([True, False])).tolist() == [False, False]


def test_when_quality_filters_apply_then_each_reason_is_named() -> None:
    cfg = QualityConfig()
    assert verdict("ok", "en", cfg) == "too_short"
    assert verdict("Ça va, notes en français mais langue non retenue.", "fr", cfg) == "language"
    assert verdict("1234 5678 9012 3456 7890 1234 5678", "en", cfg) == "not_text"
    boiler = "Page 1 of 3\nThis document is confidential\nPrinted on 2024-01-02\nBP 120/80"
    assert verdict(boiler, "en", cfg) == "boilerplate"
    assert verdict(_notes(1)[0], "en", cfg) is None


def test_when_patients_are_split_then_fractions_hold_and_assignment_is_stable() -> None:
    cfg = SplitConfig()
    splits = [split_of(f"PATIENT_{i:06d}", cfg) for i in range(5000)]
    share = splits.count("train") / len(splits)
    assert 0.77 < share < 0.83 and splits.count("test") > 400
    assert splits == [split_of(f"PATIENT_{i:06d}", cfg) for i in range(5000)]
    assert split_of("PATIENT_000001", SplitConfig(seed="other")) in ("train", "validation", "test")


def test_when_candidates_are_confirmed_in_small_chunks_then_the_same_documents_are_near_duplicates(
        monkeypatch: pytest.MonkeyPatch) -> None:
    notes = _notes(60)
    edited = [n.replace("Plan:", "Plan -") for n in notes[::7]]
    sigs = np.array([signature(t) for t in [*notes, *edited, notes[5]]], dtype=np.uint32)
    skip = np.zeros(len(sigs), dtype=bool)
    skip[2] = True
    whole = near_duplicates(sigs, 0.8, skip=skip)
    monkeypatch.setattr(dedup, "CONFIRM_CHUNK", 1)
    assert near_duplicates(sigs, 0.8, skip=skip).tolist() == whole.tolist()
    assert whole[len(notes):].all() and not whole[:len(notes)].any()
