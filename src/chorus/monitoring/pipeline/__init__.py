"""The monitoring pipeline: plain functions over plain data.

Nothing here touches the database or Django settings, so every stage can be
benchmarked, fuzzed and run from the command line (`chorus extract`, `chorus dedupe`,
`chorus classify`) on anyone's data. The services in `chorus.monitoring` store what the
stages produce.
"""
