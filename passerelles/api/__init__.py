"""The REST API v1 (issue 20): what the collectivité's own systems read and write, with per-organisation keys."""
