"""EWC: the Fisher estimate is non-negative, saved and reloaded, and the penalty pulls towards the anchor."""

from __future__ import annotations

import torch

from training.components import ewc


def _model() -> torch.nn.Module:
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Linear(3, 2))
    m[0].weight.requires_grad_(False)
    return m


def _loss(model, batch):  # type: ignore[no-untyped-def]
    return model(batch.float()).pow(2).mean()


def test_when_fisher_estimated_then_only_trainable_and_nonnegative(tmp_path):
    m = _model()
    fisher = ewc.estimate_fisher(m, torch.randn(6, 4), 4, _loss)
    assert set(fisher) == {n for n, p in m.named_parameters() if p.requires_grad}
    assert all((f >= 0).all() for f in fisher.values()) and any(f.sum() > 0 for f in fisher.values())
    ewc.save_ewc(tmp_path, fisher, ewc.snapshot_params(m))
    f2, _ = ewc.load_ewc(tmp_path)
    assert torch.equal(f2["1.weight"], fisher["1.weight"])


def test_when_params_move_then_penalty_grows_and_is_zero_at_anchor():
    m = _model()
    fisher = {n: torch.ones_like(p) for n, p in m.named_parameters() if p.requires_grad}
    penalty = ewc.EwcPenalty(m, fisher, ewc.snapshot_params(m), lam=10.0)
    assert float(penalty()) == 0.0
    with torch.no_grad():
        m[1].bias += 0.5
    assert abs(float(penalty()) - 10.0 * 2 * 0.25) < 1e-6
    penalty().backward()
    assert m[1].bias.grad is not None and (m[1].bias.grad > 0).all()
