"""Kindly's audio engine: backends, synthesised bells and breath tones, and imported recordings."""
