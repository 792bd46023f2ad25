"""Running Chorus: backups, their checks and restores (docs/backups.md)."""
