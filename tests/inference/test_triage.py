"""Triage mode: only schema-valid JSON leaves; the output guard replaces PHI spans."""

from __future__ import annotations

import openai
import pytest

from inference import triage
from inference.guard import OutputGuard


def test_when_answer_has_valid_json_then_it_is_extracted_canonically():
    check = triage.validator(triage.TRIAGE_SCHEMA)
    text, why = triage.extract('Sure! {"acuity": 6} then {"acuity": 2, "disposition": "emergency"} done', check)
    assert text == '{"acuity":2,"disposition":"emergency"}' and why == ""
    none, why = triage.extract('{"acuity": 9, "disposition": "home"}', check)
    assert none is None and "acuity" in why and "9" not in why  # says where, never quotes the answer


def test_when_schema_invalid_then_refused():
    with pytest.raises(triage.SchemaInvalid):
        triage.validator({"type": "not-a-type"})


def test_when_model_misses_schema_then_422_after_retries(served):
    fmt = {"type": "json_schema", "json_schema": {"name": "t", "schema": triage.TRIAGE_SCHEMA}}
    with pytest.raises(openai.UnprocessableEntityError) as err:
        served.client().chat.completions.create(model="triage", max_tokens=4, response_format=fmt,
                                                messages=[{"role": "user", "content": "chest pain"}])
    assert err.value.code == "schema_validation_failed"
    with pytest.raises(openai.BadRequestError):
        served.client().chat.completions.create(model="triage", max_tokens=4, messages=[{"role": "user", "content": "x"}],
                                                response_format={"type": "json_schema",
                                                                 "json_schema": {"name": "t", "schema": {"type": 3}}})


def test_when_guard_on_then_phi_in_completion_is_replaced():
    guard = OutputGuard(("en",))
    text, count = guard.redact("Called Mr John Whitfield on 07700 900461 about his results.")
    assert count >= 1 and "Whitfield" not in text and "[" in text


def test_when_guard_reads_typographic_apostrophes_then_only_the_name_is_replaced():
    # A language model writes "I’m" with U+2019; the engine once took every such contraction for a foreign name.
    answer = "I’m sorry for your pain. I’m Dr. Whitfield’s assistant, and we’re here to help; don’t worry."
    text, count = OutputGuard(("en",)).redact(answer)
    assert count == 1 and text == "I’m sorry for your pain. I’m Dr. [CLINICIAN_NAME]’s assistant, and we’re here to help; don’t worry."


def test_when_guard_has_site_model_then_a_name_only_the_tagger_knows_is_replaced(tmp_path):
    from corpus.deid.learned import train
    from tests.corpus.deid.site_notes import handoff_notes

    model = train(handoff_notes(), tmp_path / "site-model.crfsuite").path
    answer = "afebrile. handoff to kelmbright at 0700."
    assert OutputGuard(("en",)).redact(answer)[1] == 0
    text, count = OutputGuard(("en",), site_model=model).redact(answer)
    assert count == 1 and "kelmbright" not in text
