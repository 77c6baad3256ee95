"""Serving: engines (transformers, vLLM), the model manager, A/B routing and the OpenAI-compatible API."""
