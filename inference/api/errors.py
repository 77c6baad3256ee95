"""One OpenAI-style error model for every failure: `{"error": {message, type, param, code}}`.

Messages never echo request content (validation errors name the field, not its value), so a
prompt can never reach a log or a client through an error.
"""

from __future__ import annotations

import logging
from typing import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from inference.api.schemas import ErrorDetail, ErrorResponse

log = logging.getLogger("corpusbox.inference")


class APIError(Exception):
    """A failure with its HTTP status and OpenAI error fields."""

    def __init__(self, status: int, message: str, type: str = "invalid_request_error", code: str | None = None,
                 param: str | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.type, self.code, self.param = status, message, type, code, param
        self.headers = headers or {}
        self.logged = False  # set once the request log has a line for it

    def body(self) -> dict:
        return ErrorResponse(error=ErrorDetail(message=self.message, type=self.type, param=self.param,
                                               code=self.code)).model_dump()

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, headers=self.headers)


def unauthorized(message: str) -> APIError:
    return APIError(401, message, code="invalid_api_key",
                    headers={"WWW-Authenticate": 'Bearer realm="corpusbox"'})


def model_not_found(model: str) -> APIError:
    return APIError(404, f"The model `{model[:128]}` does not exist or you do not have access to it.",
                    code="model_not_found", param="model")


def validation_error(exc: RequestValidationError) -> APIError:
    errors = exc.errors()
    first = errors[0] if errors else {}
    if first.get("type") == "json_invalid":
        return APIError(400, "We could not parse the JSON body of your request. The body must be valid JSON "
                             "(the OpenAI API expects a JSON object).", code="invalid_json")
    loc = [str(p) for p in first.get("loc", ()) if p != "body"]
    param = ".".join(loc) or None
    message = f"Invalid value for '{param}': {first.get('msg', 'invalid')}" if param else \
        f"Invalid request body: {first.get('msg', 'invalid')}"
    return APIError(400, message, param=param, code="invalid_value" if param else "invalid_request")


def install(app: FastAPI, on_error: Callable[[Request, APIError], None] = lambda r, e: None) -> None:
    """Register the handlers that turn every exception into the one error body (`on_error` logs it)."""

    def respond(request: Request, error: APIError) -> JSONResponse:
        if not error.logged:
            on_error(request, error)
        return error.response()

    @app.exception_handler(APIError)
    async def _api(request: Request, exc: APIError) -> JSONResponse:
        return respond(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return respond(request, validation_error(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = "invalid_request_error" if exc.status_code < 500 else "server_error"
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code)
        return respond(request, APIError(exc.status_code, str(exc.detail), type=kind, code=code))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled %s in the inference API", type(exc).__name__)  # no message: it may quote input
        return respond(request, APIError(500, "The server had an error while processing your request.",
                                         type="server_error", code="internal_error"))
