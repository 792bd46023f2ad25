"""Outcomes and targets: strategy → outcomes → indicators, each with a baseline and targets."""
