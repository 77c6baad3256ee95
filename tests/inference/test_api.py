"""The official openai client, unmodified, against a real server: chat, completions, streaming, models, errors."""

from __future__ import annotations

import httpx
import openai
import pytest


def test_when_openai_client_chats_then_answer_usage_and_model_come_back(served):
    client = served.client()
    chat = client.chat.completions.create(model="triage", messages=[{"role": "user", "content": "fever and cough"}],
                                          max_tokens=5, temperature=0)
    assert chat.choices[0].message.role == "assistant" and chat.choices[0].message.content
    assert chat.usage.completion_tokens == 5 and chat.choices[0].finish_reason == "length"
    assert chat.model == "triage" and chat.system_fingerprint == "serving:tiny-base:1"
    text = client.completions.create(model="triage", prompt="patient fever", max_tokens=4, temperature=0)
    assert text.usage.completion_tokens == 4 and text.choices[0].text
    assert [m.id for m in client.models.list()] == ["triage"]
    assert client.models.retrieve("triage").id == "triage"


def test_when_streaming_then_chunks_join_to_the_unstreamed_answer(served):
    client = served.client()
    messages = [{"role": "user", "content": "chest pain"}]
    whole = client.chat.completions.create(model="triage", messages=messages, max_tokens=6, temperature=0)
    chunks = list(client.chat.completions.create(model="triage", messages=messages, max_tokens=6, temperature=0,
                                                 stream=True, stream_options={"include_usage": True}))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    assert chunks[-1].usage.completion_tokens == 6
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "length"
    parts = list(client.completions.create(model="triage", prompt="ward", max_tokens=3, temperature=0, stream=True))
    assert "".join(p.choices[0].text for p in parts) == \
        client.completions.create(model="triage", prompt="ward", max_tokens=3, temperature=0).choices[0].text


def test_when_token_wrong_then_401_with_openai_error_body(served):
    with pytest.raises(openai.AuthenticationError) as err:
        served.client("cbx_nope_wrong").models.list()
    assert err.value.status_code == 401 and err.value.code == "invalid_api_key"
    raw = httpx.get(f"{served.url}/models")
    assert raw.status_code == 401 and set(raw.json()["error"]) == {"message", "type", "param", "code"}


def test_when_over_rate_limit_then_429_with_retry_after(served):
    client = served.client(served.token(rate=2))
    for _ in range(2):
        client.models.list()
    with pytest.raises(openai.RateLimitError) as err:
        client.models.list()
    assert err.value.code == "rate_limit_exceeded" and int(err.value.response.headers["retry-after"]) >= 1


def test_when_body_malformed_or_model_unknown_then_400_or_404(served):
    headers = {"Authorization": f"Bearer {served.clinician}", "Content-Type": "application/json"}
    bad = httpx.post(f"{served.url}/chat/completions", content=b'{"model": "triage", "messages": [', headers=headers)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_json"
    missing = httpx.post(f"{served.url}/chat/completions", json={"model": "triage"}, headers=headers)
    assert missing.status_code == 400 and missing.json()["error"]["param"] == "messages"
    with pytest.raises(openai.NotFoundError) as err:
        served.client().chat.completions.create(model="nope", messages=[{"role": "user", "content": "x"}])
    assert err.value.code == "model_not_found" and err.value.param == "model"


def test_when_token_scoped_to_other_model_then_404_and_hidden_from_list(served):
    client = served.client(served.token(models=["radiology*"]))
    assert list(client.models.list()) == []
    with pytest.raises(openai.NotFoundError):
        client.completions.create(model="triage", prompt="x", max_tokens=1)


def test_when_token_lacks_inference_permission_then_403(served):
    from appliance.services import tokens

    auditor_key = tokens.create_token(served.box, served.admin, "ops", ["api"]).secret  # an admin token, not a terminal
    assert served.client(auditor_key).models.list() is not None  # admins may use inference
    from appliance.services import users

    users.create_user(served.box, served.admin, "aud", "auditor", "correct-horse-battery")
    aud = tokens.create_token(served.box, served.admin, "a", ["api"], owner="aud").secret
    with pytest.raises(openai.PermissionDeniedError) as err:
        served.client(aud).models.list()
    assert err.value.status_code == 403


def test_when_served_then_health_ready_and_metrics_per_arm(served):
    served.client().completions.create(model="triage", prompt="pulse", max_tokens=2)
    base = served.url.removesuffix("/v1")
    assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{base}/readyz").json()["models"] == ["triage"]
    text = httpx.get(f"{base}/metrics").text
    assert 'corpusbox_inference_requests_total{arm="serving",model="triage",model_ref="tiny-base:1",status="ok"}' in text


def test_when_routes_and_dependencies_listed_then_all_run_on_the_event_loop():
    import inspect

    from fastapi.routing import APIRoute

    from inference.api.router import router

    def calls(dependant):  # type: ignore[no-untyped-def]
        yield dependant.call
        for sub in dependant.dependencies:
            yield from calls(sub)

    found = [c for r in router.routes if isinstance(r, APIRoute) for c in calls(r.dependant)]
    sync = [c.__name__ for c in found if not inspect.iscoroutinefunction(c)]
    assert found and sync == []  # a plain `def` costs every request a hop through AnyIO's threadpool
