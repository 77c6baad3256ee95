"""Continuous batching for causal LMs: requests join a running batch between decoding steps.

One worker thread owns the model. Each step samples one token for every active row, streams
the new text to that row's asyncio queue, drops finished or cancelled rows from the KV cache,
and admits waiting requests by prefilling them and merging their cache (left-padded) into the
running one. Rows may use different LoRA adapters in the same forward pass (peft mixed batches).
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import torch

from inference.engines.base import EngineError, GenerationOutput, GenerationRequest, StreamEvent

BASE_ADAPTER = "__base__"


@dataclass
class Job:
    """One submitted request: its prompt ids and where its events go."""

    request: GenerationRequest
    prompt_ids: list[int]
    loop: asyncio.AbstractEventLoop
    events: "asyncio.Queue[StreamEvent | BaseException]"
    cancelled: bool = False

    def send(self, item: StreamEvent | BaseException) -> None:
        try:
            self.loop.call_soon_threadsafe(self.events.put_nowait, item)
        except RuntimeError:  # the client's event loop is gone
            self.cancelled = True


@dataclass
class _Row:
    job: Job
    generator: torch.Generator | None
    ids: list[int] = field(default_factory=list)
    emitted: int = 0
    done: bool = False


class ContinuousBatcher:
    """Runs jobs on `model` in one thread, up to `max_batch_size` rows at a time."""

    def __init__(self, model_ref: Callable[[], Any], tokenizer: Any, device: torch.device, model_lock: threading.Lock,
                 max_batch_size: int = 8, batch_wait_s: float = 0.005, uses_adapters: Callable[[], bool] = lambda: False,
                 after_step: Callable[[set[str]], None] = lambda active: None,
                 adapter_ok: Callable[[str], bool] = lambda name: True) -> None:
        self._model = model_ref
        self._tok = tokenizer
        self._device = device
        self._lock = model_lock
        self.max_batch_size = max_batch_size
        self._wait = batch_wait_s
        self._uses_adapters = uses_adapters
        self._after_step = after_step
        self._adapter_ok = adapter_ok
        self._pending: "queue.Queue[Job | None]" = queue.Queue()
        self._rows: list[_Row] = []
        self._cache: Any = None
        self._attn: torch.Tensor | None = None
        self._logits: torch.Tensor | None = None
        self._eos = _eos_ids(tokenizer, model_ref())
        self._closed = False
        self.steps = 0  # decode forwards
        self.prefills = 0  # prefill forwards (one per admitted group)
        self.rows_decoded = 0  # sum of batch rows over decode forwards
        self.max_rows_seen = 0
        self._thread = threading.Thread(target=self._loop, name="cbx-batcher", daemon=True)
        self._thread.start()

    # ----- public ---------------------------------------------------------------------------
    def submit(self, job: Job) -> None:
        if self._closed:
            raise EngineError("the engine is shutting down", code="engine_closed", status=503)
        self._pending.put(job)

    def wake(self) -> None:
        """Run one idle iteration (housekeeping such as removing drained adapters)."""
        self._pending.put(None)

    def busy(self) -> bool:
        return bool(self._rows) or not self._pending.empty()

    def active_adapters(self) -> set[str]:
        return {r.job.request.adapter for r in self._rows if r.job.request.adapter}

    def close(self) -> None:
        self._closed = True
        self._pending.put(None)
        self._thread.join(timeout=10)

    # ----- worker ---------------------------------------------------------------------------
    def _loop(self) -> None:
        while not self._closed:
            fresh: list[Job] = []
            try:
                fresh = self._take(block=not self._rows)
                if fresh:
                    self._admit(fresh)
                if self._rows:
                    self._step()
                self._after_step(self.active_adapters())
            except Exception as exc:  # a failed forward fails the rows in it, never the server
                failed = [r.job for r in self._rows] + [j for j in fresh if all(j is not r.job for r in self._rows)]
                for job in failed:
                    job.send(EngineError(f"generation failed: {type(exc).__name__}"))
                self._reset()
        for row in self._rows:
            row.job.send(EngineError("the engine shut down", code="engine_closed", status=503))

    def _take(self, block: bool) -> list[Job]:
        room = self.max_batch_size - len(self._rows)
        jobs: list[Job] = []
        if room <= 0:
            return jobs
        if block:
            first = self._pending.get()
            if first is None:
                return jobs
            jobs.append(first)
            self._gather(jobs, room)
        while len(jobs) < room:
            try:
                job = self._pending.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                jobs.append(job)
        ready = []
        for job in jobs:
            adapter = job.request.adapter
            if adapter and not self._adapter_ok(adapter):
                job.send(EngineError(f"adapter {adapter!r} was unloaded", code="model_not_found", status=404))
            elif not job.cancelled:
                ready.append(job)
        return ready

    def _gather(self, jobs: list[Job], room: int) -> None:
        """After an idle spell, collect a burst of arrivals into one prefill.

        Waits until no request has arrived for `batch_wait_s` (at most four such waits in all), so
        requests that land a few ms apart, as concurrent HTTP requests do, start in lockstep.
        """
        if self._wait <= 0:
            return
        give_up = time.monotonic() + 4 * self._wait
        while len(jobs) < room and not self._closed:
            left = min(self._wait, give_up - time.monotonic())
            if left <= 0:
                return
            try:
                job = self._pending.get(timeout=left)
            except queue.Empty:
                return
            if job is not None:
                jobs.append(job)

    def _forward(self, ids: torch.Tensor, attn: torch.Tensor, cache: Any, adapters: list[str]) -> Any:
        positions = (attn.cumsum(-1) - 1).clamp(min=0)[:, -ids.shape[1]:]
        with self._lock, torch.inference_mode():
            kwargs = {"adapter_names": adapters} if self._uses_adapters() else {}
            return self._model()(input_ids=ids, attention_mask=attn, position_ids=positions,
                                 past_key_values=cache, use_cache=True, **kwargs)

    def _admit(self, jobs: list[Job]) -> None:
        from transformers import DynamicCache

        width = max(len(j.prompt_ids) for j in jobs)
        pad = self._tok.pad_token_id if self._tok.pad_token_id is not None else 0
        ids = torch.tensor([[pad] * (width - len(j.prompt_ids)) + j.prompt_ids for j in jobs], device=self._device)
        attn = torch.tensor([[0] * (width - len(j.prompt_ids)) + [1] * len(j.prompt_ids) for j in jobs],
                            device=self._device)
        cache = DynamicCache()
        out = self._forward(ids, attn, cache, [j.request.adapter or BASE_ADAPTER for j in jobs])
        logits = out.logits[:, -1, :].float()
        self.prefills += 1
        rows = [_Row(j, _generator(j.request.params.seed)) for j in jobs]
        if not self._rows:
            self._cache, self._attn, self._logits, self._rows = out.past_key_values, attn, logits, rows
        else:
            self._merge(out.past_key_values, attn, logits, rows)
        self.max_rows_seen = max(self.max_rows_seen, len(self._rows))

    def _merge(self, cache: Any, attn: torch.Tensor, logits: torch.Tensor, rows: list[_Row]) -> None:
        assert self._attn is not None and self._logits is not None
        old_len, new_len = self._attn.shape[1], attn.shape[1]
        width = max(old_len, new_len)
        for old_layer, new_layer in zip(self._cache.layers, cache.layers):
            for name in ("keys", "values"):
                a, b = getattr(old_layer, name), getattr(new_layer, name)
                setattr(old_layer, name, torch.cat([_left_pad(a, width, -2), _left_pad(b, width, -2)], dim=0))
        self._attn = torch.cat([_left_pad(self._attn, width, -1), _left_pad(attn, width, -1)], dim=0)
        self._logits = torch.cat([self._logits, logits], dim=0)
        self._rows.extend(rows)

    def _step(self) -> None:
        assert self._logits is not None and self._attn is not None
        tokens = [_sample(self._logits[i], r.job.request.params, r.generator) for i, r in enumerate(self._rows)]
        for row, token in zip(self._rows, tokens):
            if row.job.cancelled:
                row.done = True
            else:
                self._advance(row, token)
        keep = [i for i, r in enumerate(self._rows) if not r.done]
        if not keep:
            self._reset()
            return
        if len(keep) < len(self._rows):
            index = torch.tensor(keep, device=self._device)
            self._cache.batch_select_indices(index)
            self._attn = self._attn[index]
        self._rows = [self._rows[i] for i in keep]
        next_ids = torch.tensor([[tokens[i]] for i in keep], device=self._device)
        self._attn = torch.cat([self._attn, self._attn.new_ones((len(keep), 1))], dim=1)
        out = self._forward(next_ids, self._attn, self._cache,
                            [r.job.request.adapter or BASE_ADAPTER for r in self._rows])
        self._cache, self._logits = out.past_key_values, out.logits[:, -1, :].float()
        self.steps += 1
        self.rows_decoded += len(self._rows)

    def _advance(self, row: _Row, token: int) -> None:
        params = row.job.request.params
        finish: str | None = None
        if token in self._eos:
            finish = "stop"
        else:
            row.ids.append(token)
        text = self._tok.decode(row.ids, skip_special_tokens=True)
        for stop in params.stop:
            cut = text.find(stop)
            if stop and cut >= 0:
                text, finish = text[:cut], "stop"
        if finish is None and len(row.ids) >= params.max_tokens:
            finish = "length"
        safe = text if finish else _holdback(text, params.stop)
        if len(safe) > row.emitted:
            row.job.send(StreamEvent(delta=safe[row.emitted:]))
            row.emitted = len(safe)
        if finish:
            row.done = True
            row.job.send(StreamEvent(final=GenerationOutput(text, len(row.job.prompt_ids), len(row.ids), finish)))

    def _reset(self) -> None:
        self._rows, self._cache, self._attn, self._logits = [], None, None, None


def _eos_ids(tokenizer: Any, model: Any) -> set[int]:
    found: set[int] = set()
    for value in (getattr(getattr(model, "generation_config", None), "eos_token_id", None),
                  getattr(model.config, "eos_token_id", None), tokenizer.eos_token_id):
        if isinstance(value, int):
            found.add(value)
        elif isinstance(value, (list, tuple)):
            found.update(v for v in value if isinstance(v, int))
    return found


def _generator(seed: int | None) -> torch.Generator | None:
    return torch.Generator().manual_seed(seed) if seed is not None else None


def _left_pad(tensor: torch.Tensor, width: int, dim: int) -> torch.Tensor:
    missing = width - tensor.shape[dim]
    if missing <= 0:
        return tensor
    shape = list(tensor.shape)
    shape[dim] = missing
    return torch.cat([tensor.new_zeros(shape), tensor], dim=dim)


def _sample(logits: torch.Tensor, params: Any, generator: torch.Generator | None) -> int:
    if params.temperature <= 0:
        return int(logits.argmax())
    probs = torch.softmax(logits / params.temperature, dim=-1)
    if params.top_p < 1.0:
        sorted_p, order = probs.sort(descending=True)
        cut = sorted_p.cumsum(-1) - sorted_p > params.top_p
        sorted_p[cut] = 0.0
        probs = torch.zeros_like(probs).scatter_(0, order, sorted_p)
    return int(torch.multinomial(probs.cpu(), 1, generator=generator))


def _holdback(text: str, stops: tuple[str, ...]) -> str:
    """Text safe to stream now: never half a multi-byte character or the start of a stop string."""
    text = text.rstrip("\ufffd")
    keep = max((len(s) for s in stops), default=1) - 1
    return text[: len(text) - keep] if keep > 0 else text
