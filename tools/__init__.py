"""Build-time and developer helpers; never imported by the app."""
