"""Tests of the packaging files (packaging/)."""
