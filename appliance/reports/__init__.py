"""Compliance reports for auditors: data assembly, CSV/JSON/PDF writers, signed evidence bundles.

Import submodules directly; this package imports nothing heavy so `corpusbox report verify`
runs on any machine with the package installed (no database, no object store).
"""
