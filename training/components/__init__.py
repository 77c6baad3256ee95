"""Building blocks recipes share: plain functions, no base classes."""
