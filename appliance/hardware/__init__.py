"""Hardware profiles, live-machine detection, the doctor preflight, telemetry and launch settings.

Kept import-light: submodules are imported where they are used so `corpusbox --help` stays fast.
"""
