"""Routes of the OpenAI-compatible API: parse, call the handler on app state, render."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse

from appliance.services.auth import Principal
from inference.api.errors import APIError, model_not_found
from inference.api.handler import InferenceHandler
from inference.api.schemas import (ChatChoice, ChatCompletion, ChatCompletionRequest, Completion, CompletionChoice,
                                   CompletionRequest, ModelCard, ModelList, Usage, new_id, now)
from inference.api.streaming import sse

router = APIRouter()
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


async def handler_of(request: Request) -> InferenceHandler:
    """The app's handler (async: a plain `def` dependency would cost every request a threadpool hop)."""
    return request.app.state.handler


async def principal_of(request: Request, authorization: Annotated[str | None, Header()] = None) -> Principal:
    handler: InferenceHandler = request.app.state.handler
    request.state.request_id = request.headers.get("x-request-id", "")[:64] or uuid.uuid4().hex
    try:
        principal = await handler.authenticate(authorization)
    except APIError as exc:
        handler.refused(request.url.path, request.state.request_id, exc)
        raise
    request.state.principal = principal
    return principal


Handler = Annotated[InferenceHandler, Depends(handler_of)]
Caller = Annotated[Principal, Depends(principal_of)]


@router.post("/v1/chat/completions", response_model=None)
async def chat_completions(body: ChatCompletionRequest, request: Request, handler: Handler,
                           principal: Caller) -> ChatCompletion | StreamingResponse:
    call = handler.start(body, principal, "chat", request.state.request_id)
    params = handler.params(body, body.max_completion_tokens or body.max_tokens)
    prompt = handler.chat_prompt(call, body)
    if body.stream:
        usage = bool(body.stream_options and body.stream_options.include_usage)
        return StreamingResponse(sse(handler, call, prompt, params, True, usage), media_type="text/event-stream",
                                 headers=SSE_HEADERS)
    out = await handler.complete(call, prompt, params)
    return ChatCompletion(id=new_id("chatcmpl"), created=now(), model=call.route.model,
                          system_fingerprint=f"{call.arm.label}:{call.arm.model_ref}",
                          choices=[ChatChoice(message={"role": "assistant", "content": out.text},
                                              finish_reason=out.finish_reason)],
                          usage=Usage(prompt_tokens=out.prompt_tokens, completion_tokens=out.completion_tokens,
                                      total_tokens=out.prompt_tokens + out.completion_tokens))


@router.post("/v1/completions", response_model=None)
async def completions(body: CompletionRequest, request: Request, handler: Handler,
                      principal: Caller) -> Completion | StreamingResponse:
    prompts = [body.prompt] if isinstance(body.prompt, str) else body.prompt
    if len(prompts) != 1:
        raise APIError(400, "Send one prompt per request (a list of one is accepted).", param="prompt",
                       code="invalid_value")
    call = handler.start(body, principal, "completions", request.state.request_id)
    params = handler.params(body, body.max_tokens or 16)
    if body.stream:
        usage = bool(body.stream_options and body.stream_options.include_usage)
        return StreamingResponse(sse(handler, call, prompts[0], params, False, usage), media_type="text/event-stream",
                                 headers=SSE_HEADERS)
    out = await handler.complete(call, prompts[0], params)
    text = prompts[0] + out.text if body.echo else out.text
    return Completion(id=new_id("cmpl"), created=now(), model=call.route.model,
                      system_fingerprint=f"{call.arm.label}:{call.arm.model_ref}",
                      choices=[CompletionChoice(text=text, finish_reason=out.finish_reason)],
                      usage=Usage(prompt_tokens=out.prompt_tokens, completion_tokens=out.completion_tokens,
                                  total_tokens=out.prompt_tokens + out.completion_tokens))


@router.get("/v1/models")
async def list_models(handler: Handler, principal: Caller) -> ModelList:
    created = now()
    return ModelList(data=[ModelCard(id=m, created=created) for m in handler.visible_models(principal)])


@router.get("/v1/models/{model:path}")
async def get_model(model: str, handler: Handler, principal: Caller) -> ModelCard:
    if model not in handler.visible_models(principal):
        raise model_not_found(model)
    return ModelCard(id=model, created=now())


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(handler: Handler) -> JSONResponse:
    manager = handler.manager
    body = {"ready": manager.ready, "models": sorted(manager.routes), "errors": manager.errors}
    return JSONResponse(body, status_code=200 if manager.ready else 503)


@router.get("/metrics")
async def metrics(handler: Handler) -> PlainTextResponse:
    return PlainTextResponse(handler.metrics.render(), media_type="text/plain; version=0.0.4")
