"""Helpers shared by the English recognizer table tests."""


def spans(rec, text: str) -> list[str]:
    """The text of every span one recognizer finds, in the order it reports them."""
    return [text[r.start : r.end] for r in rec.analyze(text, rec.supported_entities)]


def found(rec, text: str) -> list[str]:
    """The distinct texts one recognizer finds, sorted (a table row's expected value)."""
    return sorted(set(spans(rec, text)))


def engine_spans(engine, text: str) -> list[str]:
    """The text of every merged finding of the whole English engine, in text order."""
    return [text[f.start : f.end] for f in engine.analyze(text, "en")]
