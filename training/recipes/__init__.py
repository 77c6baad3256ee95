"""Recipes: setup / train / save_checkpoint / cleanup as plain functions. Copy one to change it."""
