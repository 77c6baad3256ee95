"""Which input tokens a causal language model's output came from: gradient × input and occlusion.

Works with any `transformers` causal LM (anything with `get_input_embeddings()` that accepts
`inputs_embeds` and returns `.logits`). Decoding is greedy so the same prompt gives the same report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

METHODS = ("grad_x_input", "occlusion")


@dataclass
class Attribution:
    """Scores[j][i]: how much input token i pushed the model towards output token j."""

    prompt: str
    output_text: str
    input_tokens: list[str]
    output_tokens: list[str]
    scores: list[list[float]]
    method: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def token_groups(tokenizer: Any, ids: list[int], max_pieces: int = 4) -> list[tuple[str, list[int]]]:
    """Readable pieces: byte-level tokens that are parts of one character (CJK) are joined."""
    groups: list[tuple[str, list[int]]] = []
    pending: list[int] = []
    for pos in range(len(ids)):
        pending.append(pos)
        text = tokenizer.decode([ids[p] for p in pending])
        if "\ufffd" not in text or len(pending) >= max_pieces or pos == len(ids) - 1:
            groups.append((text.replace("\ufffd", "") or "…", pending))  # "…": a character cut off
            pending = []
    return groups


def merge(scores: list[list[float]], rows: list[list[int]], cols: list[list[int]]) -> list[list[float]]:
    """Sum scores over grouped tokens (both methods are additive over tokens, so sums stay exact)."""
    return [[sum(scores[r][c] for r in rg for c in cg) for cg in cols] for rg in rows]


def greedy_generate(model: Any, input_ids: Any, max_new_tokens: int, eos_id: int | None) -> Any:
    """Greedy continuation of `input_ids` (1 × n), stopping at the end-of-sequence token."""
    import torch

    ids = input_ids
    with torch.no_grad():
        for _ in range(max_new_tokens):
            nxt = model(input_ids=ids).logits[:, -1, :].argmax(dim=-1, keepdim=True)
            ids = torch.cat([ids, nxt], dim=1)
            if eos_id is not None and int(nxt) == eos_id:
                break
    return ids


def target_logprobs(model: Any, embeds: Any, full_ids: Any, n_in: int) -> Any:
    """Log-probability of each generated token given everything before it (teacher-forced)."""
    import torch

    logits = model(inputs_embeds=embeds).logits[0]
    logp = torch.log_softmax(logits if logits.dtype == torch.float64 else logits.float(), dim=-1)
    targets = full_ids[0, n_in:]
    positions = torch.arange(n_in - 1, full_ids.shape[1] - 1)
    return logp[positions, targets]


def grad_x_input(model: Any, full_ids: Any, n_in: int) -> list[list[float]]:
    """Gradient of each output token's log-probability w.r.t. the input embeddings, dotted with them."""
    import torch

    embeds = model.get_input_embeddings()(full_ids).detach().requires_grad_(True)
    lps = target_logprobs(model, embeds, full_ids, n_in)
    rows = []
    for j in range(lps.shape[0]):
        (grad,) = torch.autograd.grad(lps[j], embeds, retain_graph=j + 1 < lps.shape[0])
        rows.append((grad[0, :n_in] * embeds[0, :n_in]).sum(-1).detach().float().tolist())
    return rows


def occlusion(model: Any, full_ids: Any, n_in: int, baseline_id: int) -> list[list[float]]:
    """Drop in each output token's log-probability when one input token is replaced by a baseline token."""
    import torch

    emb = model.get_input_embeddings()
    with torch.no_grad():
        base = target_logprobs(model, emb(full_ids), full_ids, n_in)
        cols = []
        for i in range(n_in):
            occluded = full_ids.clone()
            occluded[0, i] = baseline_id
            cols.append((base - target_logprobs(model, emb(occluded), full_ids, n_in)).float().tolist())
    return [[cols[i][j] for i in range(n_in)] for j in range(len(base))]


def attribute(
    model: Any, tokenizer: Any, prompt: str, max_new_tokens: int = 12, method: str = "grad_x_input"
) -> Attribution:
    """Generate greedily from `prompt` and attribute every output token to the prompt's tokens.

    Tokens that only together make a character (byte-level BPE on Chinese) are joined, scores summed.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    model.eval()
    input_ids = tokenizer(prompt, return_tensors="pt")["input_ids"][:, -256:]
    n_in = input_ids.shape[1]
    full = greedy_generate(model, input_ids, max_new_tokens, tokenizer.eos_token_id)
    if full.shape[1] == n_in:
        scores: list[list[float]] = []
    elif method == "grad_x_input":
        scores = grad_x_input(model, full, n_in)
    else:
        baseline = next(
            i
            for i in (tokenizer.pad_token_id, tokenizer.unk_token_id, tokenizer.eos_token_id, 0)
            if i is not None
        )
        scores = occlusion(model, full, n_in, baseline)
    out_ids = full[0, n_in:].tolist()
    ins, outs = token_groups(tokenizer, input_ids[0].tolist()), token_groups(tokenizer, out_ids)
    if scores:
        scores = merge(scores, [g for _, g in outs], [g for _, g in ins])
    text = tokenizer.decode(out_ids, skip_special_tokens=True).replace("\ufffd", "")
    return Attribution(prompt, text, [t for t, _ in ins], [t for t, _ in outs], scores, method)
