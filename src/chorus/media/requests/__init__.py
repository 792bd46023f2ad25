"""Journalists' requests (matching storytellers, the shortlist, safeguarding, the outcome)
and pitches, under /media/requests/ and /media/pitches/."""
