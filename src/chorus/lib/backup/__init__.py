"""Encrypted, streamed backup files: the file format (`stream`), and which copies to keep (`keep`).

Plain tools with no knowledge of the charity; `chorus.ops.backups` builds the backups.
"""
