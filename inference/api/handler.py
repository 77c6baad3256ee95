"""The API's handler object (kept on app state): authentication, limits, routing and generation.

Routes parse and call these methods; everything a request does is decided here, and every
request ends in exactly one request-log line and one metrics observation.
"""

from __future__ import annotations

import asyncio
import fnmatch
import hashlib
import logging
import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, AsyncIterator

from appliance.errors import AuthenticationError
from appliance.services.auth import Principal
from inference import triage
from inference.api.errors import APIError, model_not_found, unauthorized
from inference.api.metrics import Metrics
from inference.api.schemas import ChatCompletionRequest, _Sampling
from inference.engines.base import Engine, EngineError, GenerationOutput, GenerationRequest, SamplingParams, generate
from inference.guard import OutputGuard
from inference.manager import ModelManager
from inference.requestlog import RequestLog, RequestRecord, request_log_file
from inference.routing import Arm, Route, pick
from inference.settings import InferenceSettings

if TYPE_CHECKING:
    from appliance.box import Box
    from inference.services.debug import SwitchView

log = logging.getLogger("corpusbox.inference")
TOKEN_CACHE_S = 10.0  # a revoked token stops working within this many seconds


@dataclass
class Call:
    """A routed request: the arm and engine answering it, and its log record."""

    route: Route
    arm: Arm
    engine: Engine
    record: RequestRecord
    schema: Any = None  # a jsonschema validator in triage mode


class RateLimiter:
    """Sliding one-minute window of request times per token."""

    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}

    def retry_after(self, key: str, per_minute: int | None) -> float | None:
        """None if allowed now (and counted), else seconds until a slot frees."""
        if not per_minute:
            return None
        now = time.monotonic()
        hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] >= 60.0:
            hits.popleft()
        if len(hits) >= per_minute:
            return max(0.0, 60.0 - (now - hits[0]))
        hits.append(now)
        return None


class InferenceHandler:
    """Everything behind the routes of one server process."""

    def __init__(self, box: "Box", settings: InferenceSettings, manager: ModelManager,
                 guard: OutputGuard | None = None) -> None:
        self.box = box
        self.settings = settings
        self.manager = manager
        self.guard = guard if guard is not None else (self._output_guard(box, settings) if settings.output_guard
                                                       else None)
        self.metrics = Metrics()
        self.limiter = RateLimiter()
        self.request_log = RequestLog(request_log_file(box.home, settings.request_log))
        self.debug: dict[str, "SwitchView"] = {}
        self._tokens: dict[str, tuple[Principal, float]] = {}

    @staticmethod
    def _output_guard(box: "Box", settings: InferenceSettings) -> OutputGuard:
        """The guard with the same detectors as the pipeline: the rules and, when the box has one, its site tagger."""
        from corpus.services.quickcheck import site_model_file

        return OutputGuard(settings.output_guard_languages, site_model=site_model_file(box))

    # ----- lifecycle ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read deployments and debug switches and reconcile loaded models (blocking)."""
        from inference.services import debug, deployments

        self.manager.reconcile(deployments.active_deployments(self.box))
        self.debug = debug.active_switches(self.box)
        self.metrics.loaded.set(len(self.manager.routes))

    async def reload_forever(self) -> None:
        while True:
            await asyncio.sleep(self.settings.reload_interval_s)
            try:
                await asyncio.to_thread(self.refresh)
            except Exception as exc:  # the database may blip; keep serving what is loaded
                log.error("reloading deployments failed: %s", type(exc).__name__)

    # ----- who and whether -------------------------------------------------------------------
    async def authenticate(self, authorization: str | None) -> Principal:
        """The principal behind `Authorization: Bearer ...`, allowed to use inference and within its limit."""
        if not authorization or not authorization.lower().startswith("bearer "):
            self.metrics.rejected.labels("auth").inc()
            raise unauthorized("You didn't provide an API key. Send it as 'Authorization: Bearer cbx_...'.")
        presented = authorization[7:].strip()
        principal = await self._resolve(presented)
        if not principal.may("inference.use"):
            self.metrics.rejected.labels("forbidden").inc()
            raise APIError(403, f"Token {principal.token_id} may not call the inference API (role "
                                f"{principal.role}).", type="invalid_request_error", code="insufficient_permissions")
        limit = principal.rate_limit_per_minute or self.settings.default_rate_limit_per_minute
        wait = self.limiter.retry_after(principal.token_id or principal.user, limit)
        if wait is not None:
            self.metrics.rejected.labels("rate_limit").inc()
            raise APIError(429, f"Rate limit reached for token {principal.token_id}: {limit} requests per minute. "
                                f"Try again in {wait:.1f}s.", type="requests", code="rate_limit_exceeded",
                           headers={"Retry-After": str(max(1, int(wait + 0.999)))})
        return principal

    async def _resolve(self, presented: str) -> Principal:
        from appliance.services import tokens

        key = hashlib.sha256(presented.encode()).hexdigest()
        cached = self._tokens.get(key)
        if cached and cached[1] > time.monotonic():
            return cached[0]
        try:
            principal = await asyncio.to_thread(tokens.resolve, self.box, presented)
        except AuthenticationError:
            self.metrics.rejected.labels("auth").inc()
            raise unauthorized("Incorrect API key provided. Create a token with `corpusbox token create`.") from None
        self._tokens[key] = (principal, time.monotonic() + TOKEN_CACHE_S)
        return principal

    def visible_models(self, principal: Principal) -> list[str]:
        return sorted(m for m, r in self.manager.routes.items() if _allowed(principal, r))

    def _route(self, model: str, principal: Principal) -> Route:
        route = self.manager.route(model)
        if route is None or not _allowed(principal, route):
            raise model_not_found(model)
        return route

    # ----- generation -----------------------------------------------------------------------
    def start(self, body: _Sampling, principal: Principal, endpoint: str, request_id: str) -> Call:
        """Route a request to an arm and its engine; the record starts the latency clock."""
        record = RequestRecord(request_id, endpoint, principal.token_id, principal.user, body.model, stream=body.stream)
        try:
            route = self._route(body.model, principal)
        except APIError as exc:
            self.finish_error(record, exc)
            raise
        arm = pick(route, body.user)
        engine = self.manager.engine(arm.engine_key)
        if engine is None:
            exc = APIError(503, f"The model `{body.model}` is being reloaded; retry shortly.", type="server_error",
                           code="model_loading")
            self.finish_error(record, exc)
            raise exc
        record.arm, record.model_ref = arm.label, arm.model_ref
        return Call(route, arm, engine, record)

    def params(self, body: _Sampling, max_tokens: int | None) -> SamplingParams:
        wanted = max_tokens or self.settings.default_max_tokens
        if wanted > self.settings.max_tokens_limit:
            raise APIError(400, f"max_tokens is too large: {wanted}. This server allows at most "
                                f"{self.settings.max_tokens_limit}.", param="max_tokens", code="invalid_value")
        temperature = 1.0 if body.temperature is None else body.temperature
        return SamplingParams(wanted, temperature, body.top_p or 1.0, body.stops(), body.seed)

    def chat_prompt(self, call: Call, body: ChatCompletionRequest) -> str:
        messages = [{"role": "system" if m.role == "developer" else m.role, "content": m.text()} for m in body.messages]
        fmt = body.response_format
        if fmt is not None and fmt.type != "text":
            schema = fmt.json_schema.schema_ if (fmt.type == "json_schema" and fmt.json_schema) else None
            try:
                call.schema = triage.validator(schema)
            except triage.SchemaInvalid as exc:
                raise APIError(400, str(exc), param="response_format", code="invalid_schema") from None
            messages = triage.instruct(messages, schema)
        return call.engine.render_chat(messages)

    async def complete(self, call: Call, prompt: str, params: SamplingParams) -> GenerationOutput:
        """The whole answer (triage: the first schema-valid one), guarded, logged and counted."""
        try:
            if call.schema is not None:
                out = await self._triage(call, prompt, params)
            else:
                out = await generate(call.engine, GenerationRequest(prompt, params, call.arm.adapter))
            out = self._guarded(call, out)
        except EngineError as exc:
            error = APIError(exc.status, str(exc), type="server_error" if exc.status >= 500 else "invalid_request_error",
                             code=exc.code)
            self.finish_error(call.record, error)
            raise error from None
        except APIError as exc:
            self.finish_error(call.record, exc)
            raise
        self.finish(call, out, prompt)
        return out

    async def stream(self, call: Call, prompt: str, params: SamplingParams) -> AsyncIterator[str]:
        """Text deltas as they are decoded; buffered when the guard or triage mode must see the whole answer."""
        if call.schema is not None or self.guard is not None:
            out = await self.complete(call, prompt, params)
            call.record.finish_reason = out.finish_reason
            yield out.text
            return
        final: GenerationOutput | None = None
        first = True
        try:
            async for event in call.engine.stream(GenerationRequest(prompt, params, call.arm.adapter)):
                if event.delta:
                    if first:
                        self.metrics.first_token.labels(call.route.model, call.arm.label, call.arm.model_ref).observe(
                            time.monotonic() - call.record.started)
                        first = False
                    yield event.delta
                final = event.final or final
        except EngineError as exc:
            self.finish_error(call.record, APIError(exc.status, str(exc), type="server_error", code=exc.code))
            raise
        except BaseException:  # the client went away mid-stream
            self.finish_error(call.record, APIError(499, "client closed the stream", code="client_closed"))
            raise
        assert final is not None
        call.record.finish_reason = final.finish_reason
        self.finish(call, final, prompt)

    async def _triage(self, call: Call, prompt: str, params: SamplingParams) -> GenerationOutput:
        why, total_prompt, total_completion = "", 0, 0
        for attempt in range(self.settings.triage_max_attempts):
            out = await generate(call.engine, GenerationRequest(prompt, triage.retry_params(params, attempt),
                                                                call.arm.adapter))
            total_prompt, total_completion = total_prompt + out.prompt_tokens, total_completion + out.completion_tokens
            text, why = triage.extract(out.text, call.schema)
            call.record.triage_attempts = attempt + 1
            if text is not None:
                return GenerationOutput(text, total_prompt, total_completion, "stop")
        call.record.prompt_tokens, call.record.completion_tokens = total_prompt, total_completion
        raise APIError(422, f"The model gave no schema-valid answer in {self.settings.triage_max_attempts} attempts "
                            f"(last: {why}).", type="invalid_response_error", code="schema_validation_failed")

    def _guarded(self, call: Call, out: GenerationOutput) -> GenerationOutput:
        if self.guard is None:
            return out
        text, count = self.guard.redact(out.text)
        if count:
            self.metrics.redactions.labels(call.route.model).inc(count)
            call.record.guard_redactions = count
        return GenerationOutput(text, out.prompt_tokens, out.completion_tokens, out.finish_reason)

    # ----- bookkeeping ----------------------------------------------------------------------
    def finish(self, call: Call, out: GenerationOutput, prompt: str) -> None:
        rec = call.record
        rec.latency_ms = (time.monotonic() - rec.started) * 1000
        rec.prompt_tokens, rec.completion_tokens = out.prompt_tokens, out.completion_tokens
        rec.finish_reason = out.finish_reason
        switch = self._debug_switch(call.route.deployment)
        if switch is not None:
            rec.debug = {"switch": switch.id, "prompt": prompt, "completion": out.text}
        self.metrics.observe(call.route.model, call.arm.label, call.arm.model_ref, "ok", rec.latency_ms / 1000,
                             out.prompt_tokens, out.completion_tokens)
        self.request_log.write(rec)

    def finish_error(self, record: RequestRecord, exc: APIError) -> None:
        record.latency_ms = (time.monotonic() - record.started) * 1000
        record.status, record.error_code = exc.status, exc.code
        exc.logged = True
        if record.arm:
            self.metrics.requests.labels(record.model or "", record.arm, record.model_ref or "", str(exc.status)).inc()
        self.request_log.write(record)

    def refused(self, endpoint: str, request_id: str, exc: APIError, principal: Principal | None = None) -> None:
        """Log a request refused before routing (bad token, rate limit, bad body)."""
        self.finish_error(RequestRecord(request_id, endpoint, principal.token_id if principal else None,
                                        principal.user if principal else None), exc)

    def _debug_switch(self, deployment: str) -> "SwitchView | None":
        for key in (deployment, "*"):
            switch = self.debug.get(key)
            if switch is not None and switch.active:  # `active` re-checks the expiry on every use
                return switch
        return None


def _allowed(principal: Principal, route: Route) -> bool:
    if principal.models is None:
        return True
    return any(fnmatch.fnmatchcase(route.model, p) or fnmatch.fnmatchcase(route.deployment, p)
               for p in principal.models)
