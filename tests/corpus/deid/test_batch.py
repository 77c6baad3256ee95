"""Batch detection never drops or crashes on bad lines."""

import io
import json

from corpus.deid.batch import detect_jsonl
from corpus.deid.engine import DeidEngine


def test_when_bad_lines_then_one_output_line_each_without_text():
    engine = DeidEngine.from_registry(languages=("en",))
    secret = "Nicholson"
    lines = [
        json.dumps({"id": "a", "text": f"Mr. {secret} seen 7/22", "language": "en"}).encode(),
        b"{not json " + secret.encode(), b"", json.dumps({"id": 2}).encode(),
        json.dumps({"id": 3, "text": 5}).encode(), b"\xff\xfe\x00binary",
        json.dumps({"id": 4, "text": "x", "language": "klingon"}).encode(),
        json.dumps({"id": 5, "text": "", "language": "en"}).encode(),
    ]
    sink = io.StringIO()
    stats = detect_jsonl(engine, io.BytesIO(b"\n".join(lines) + b"\n"), sink, "en")
    out = [json.loads(x) for x in sink.getvalue().splitlines()]
    assert len(out) == len(lines) == stats.lines
    assert out[0]["spans"] and "error" not in out[0]
    assert all("error" in o and o["spans"] == [] for o in out[1:7])
    assert out[7] == {"id": 5, "spans": []}
    assert secret not in sink.getvalue().split("\n", 1)[1]
