"""Token attribution on a tiny random GPT-2: gradient × input exact to first order; occlusion as defined."""

from __future__ import annotations

import pytest

from appliance.reports.attribution import attribute, merge, target_logprobs, token_groups
from appliance.reports.charts import attribution_heatmap
from tests.appliance.reports.tiny_lm import tiny_lm

torch = pytest.importorskip("torch")
PROMPT = "patient reports chest pain radiating to the left arm . triage level :"


def test_when_attributed_then_one_score_per_output_and_input_token() -> None:
    model, tok = tiny_lm()
    att = attribute(model, tok, PROMPT, max_new_tokens=5)
    assert len(att.input_tokens) == 13 and 1 <= len(att.output_tokens) <= 5
    assert len(att.scores) == len(att.output_tokens)
    assert all(len(row) == len(att.input_tokens) for row in att.scores)
    assert any(abs(v) > 0 for row in att.scores for v in row)
    assert attribute(model, tok, PROMPT, max_new_tokens=5).scores == att.scores  # greedy: reproducible


def test_when_gradient_times_input_summed_then_it_matches_the_finite_difference() -> None:
    """Sum over inputs of grad·x equals d/dα log p(output | α·prompt embeddings) at α = 1."""
    model, tok = tiny_lm()
    model = model.double()
    att = attribute(model, tok, PROMPT, max_new_tokens=3, method="grad_x_input")
    full = tok(PROMPT + " " + " ".join(att.output_tokens), return_tensors="pt")["input_ids"]
    n_in = len(att.input_tokens)
    emb = model.get_input_embeddings()(full).detach()

    def logp(alpha: float):  # type: ignore[no-untyped-def]
        scaled = emb.clone()
        scaled[0, :n_in] *= alpha
        with torch.no_grad():
            return target_logprobs(model, scaled, full, n_in)

    h = 1e-5
    derivative = (logp(1 + h) - logp(1 - h)) / (2 * h)
    for j, row in enumerate(att.scores):
        assert sum(row) == pytest.approx(float(derivative[j]), rel=1e-4, abs=1e-7)


def test_when_occlusion_then_score_is_the_logprob_drop_for_that_token() -> None:
    model, tok = tiny_lm()
    att = attribute(model, tok, PROMPT, max_new_tokens=2, method="occlusion")
    full = tok(PROMPT + " " + " ".join(att.output_tokens), return_tensors="pt")["input_ids"]
    n_in = len(att.input_tokens)
    emb = model.get_input_embeddings()
    occluded = full.clone()
    occluded[0, 3] = tok.pad_token_id
    with torch.no_grad():
        drop = target_logprobs(model, emb(full), full, n_in) - target_logprobs(
            model, emb(occluded), full, n_in
        )
    assert att.scores[0][3] == pytest.approx(float(drop[0]), abs=1e-6)


def test_when_heatmap_rendered_then_png_with_cjk_tokens() -> None:
    model, tok = tiny_lm()
    att = attribute(model, tok, "患者 主诉 头痛 三天 , 伴有 发热 . 分诊 建议 :", max_new_tokens=4)
    png = attribution_heatmap(att.input_tokens, att.output_tokens, att.scores)
    assert png.startswith(b"\x89PNG") and len(png) > 2000


def test_when_unknown_method_then_refused() -> None:
    model, tok = tiny_lm()
    with pytest.raises(ValueError, match="method"):
        attribute(model, tok, PROMPT, method="lime")


class _ByteTokenizer:
    """One token per UTF-8 byte, like byte-level BPE on Chinese text."""

    def decode(self, ids: list[int]) -> str:
        return bytes(ids).decode("utf-8", errors="replace")


def test_when_tokens_are_parts_of_one_character_then_joined_and_scores_summed() -> None:
    ids = list("患a".encode())  # 3 bytes for 患, 1 for a
    groups = token_groups(_ByteTokenizer(), ids)
    assert groups == [("患", [0, 1, 2]), ("a", [3])]
    scores = [[1.0, 2.0, 3.0, 4.0], [0.5, 0.5, 0.5, 0.5]]
    assert merge(scores, [[0, 1]], [g for _, g in groups]) == [[7.5, 4.5]]
