"""Differential privacy: OpenDP Laplace releases, stored per-record noise, a per-dataset budget ledger."""
