"""The CorpusBox admin console: a Textual app (screens and widgets only; logic lives in services)."""
