"""`corpusbox` with the corpus pipeline's deid commands wired in (until appliance/cli/main.py wires them)."""

from appliance.cli import deid
from appliance.cli.deid_pipeline import register_into
from appliance.cli.main import app

register_into(deid.app)

if __name__ == "__main__":
    app()
