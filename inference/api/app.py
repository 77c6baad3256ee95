"""The FastAPI application: the handler on app state, the routes, the one error model, the reload loop."""

from __future__ import annotations

import asyncio
import contextlib
from typing import AsyncIterator

from fastapi import FastAPI, Request

from inference.api import errors
from inference.api.handler import InferenceHandler
from inference.api.router import router


def create_app(handler: InferenceHandler, reload: bool = True) -> FastAPI:
    """An app serving `handler`; with `reload`, deployments are re-read in the background."""

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(handler.refresh)
        if handler.guard is not None:
            await asyncio.to_thread(handler.guard.warm)
        task = asyncio.create_task(handler.reload_forever()) if reload else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
            await asyncio.to_thread(handler.manager.close)

    app = FastAPI(title="CorpusBox inference", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None)
    app.state.handler = handler
    errors.install(app, on_error=lambda request, exc: _log_refusal(handler, request, exc))
    app.include_router(router)
    return app


def _log_refusal(handler: InferenceHandler, request: Request, exc: errors.APIError) -> None:
    """Requests refused outside a routed call (bad body, bad parameters) still get a log line."""
    handler.refused(request.url.path, getattr(request.state, "request_id", ""), exc,
                    getattr(request.state, "principal", None))
