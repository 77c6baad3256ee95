"""The training service layer: what the CLI, console and API call."""
