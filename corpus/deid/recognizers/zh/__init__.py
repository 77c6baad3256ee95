"""Chinese (Simplified and Traditional) PHI recognizers; which ones run is set in registry/zh.yaml."""
