"""Staff roles. What each role may do lives in `access.py`, nowhere else."""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Safeguarding lead"
    MEDIA_OFFICER = "media_officer", "Media officer"
    COORDINATOR = "coordinator", "Co-ordinator"
    DIGITAL_OFFICER = "digital_officer", "Digital officer"
    DIRECTOR = "director", "Director"
    VOLUNTEER = "volunteer", "Volunteer"
    READ_ONLY = "read_only", "Read-only (board / funder)"


# These roles reach sensitive data or can publish in the charity's name (the director
# publishes the impact report and sees every funder's grants): a stolen password alone
# must not be enough.
MFA_REQUIRED_ROLES = frozenset(
    {Role.ADMIN, Role.SAFEGUARDING_LEAD, Role.MEDIA_OFFICER, Role.DIGITAL_OFFICER, Role.DIRECTOR}
)
