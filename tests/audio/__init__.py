"""Tests for Kindly."""
