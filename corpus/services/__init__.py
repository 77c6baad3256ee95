"""The corpus service layer: what the CLI, the console and the API call (permissions checked, audited)."""
