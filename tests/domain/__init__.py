"""Tests of the pure domain layer: no event loop, no database."""
