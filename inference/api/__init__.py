"""The OpenAI-compatible HTTP API: app factory, routes, schemas, handler, errors."""
