"""Inference services: deployments, promotion hooks and the debug switch (CLI, console and server share them)."""
