"""The access matrix: which role may view or change what.

Every view declares the (area, action) it needs with `@requires`; this module is
the only place that maps roles to areas. A test walks every URL with every role
and checks the answer against this matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Literal

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from chorus.accounts.roles import Role

Action = Literal["view", "change", "publish"]

ALL_STAFF = frozenset(Role)
_R = Role

# Who drafts and publishes the annual report.
REPORT_PUBLISHERS = frozenset({_R.ADMIN, _R.DIRECTOR})
# Those who answer for the charity's data protection as an organisation: they decide
# whether a breach goes to the ICO.
ANSWER_FOR_DATA_PROTECTION = frozenset({_R.ADMIN, _R.DIRECTOR})

MATRIX: dict[str, dict[Action, frozenset[Role]]] = {
    # Aggregate figures: everyone, including the board and funders.
    "dashboard": {"view": ALL_STAFF, "change": frozenset()},
    "reports": {
        "view": ALL_STAFF - {_R.VOLUNTEER},
        "change": frozenset(),
    },
    # The annual report: everyone reads its published versions; drafts (the true
    # numbers, before small numbers are hidden), their words and highlights, and
    # publishing stay with those who answer for it: the director and admins.
    "report": {
        "view": ALL_STAFF,
        "change": REPORT_PUBLISHERS,
        "publish": REPORT_PUBLISHERS,
    },
    # Published coverage is public information; recording it is the media desk's job.
    "placements": {
        "view": ALL_STAFF,
        "change": frozenset({_R.ADMIN, _R.MEDIA_OFFICER}),
    },
    "outlets": {
        "view": ALL_STAFF,
        "change": frozenset({_R.ADMIN, _R.MEDIA_OFFICER}),
    },
    # The journalist directory: contact details and do-not-contact notes of the press.
    # Those who deal with journalists see it; the media desk keeps it.
    "journalists": {
        "view": frozenset(
            {_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.MEDIA_OFFICER, _R.DIGITAL_OFFICER, _R.COORDINATOR}
        ),
        "change": frozenset({_R.ADMIN, _R.MEDIA_OFFICER}),
    },
    "campaigns": {
        "view": ALL_STAFF,
        "change": frozenset({_R.ADMIN, _R.MEDIA_OFFICER, _R.DIGITAL_OFFICER}),
    },
    # Contact details are personal data: staff who work with people, not the board.
    "people": {
        "view": frozenset(
            {_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.MEDIA_OFFICER, _R.COORDINATOR, _R.DIGITAL_OFFICER}
        ),
        "change": frozenset(
            {_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.MEDIA_OFFICER, _R.COORDINATOR, _R.DIGITAL_OFFICER}
        ),
    },
    # Storytellers: the people who match them to requests see what matching needs;
    # the board, volunteers and those who do not work with storytellers see nothing.
    # The digital officer sees them too: featuring a storyteller in a post needs it.
    "storytellers": {
        "view": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.MEDIA_OFFICER, _R.DIGITAL_OFFICER}),
        "change": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD}),
    },
    # Identity, origin, immigration situation, story and wellbeing notes.
    "storyteller_sensitive": {
        "view": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD}),
        "change": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD}),
    },
    "safeguarding": {
        "view": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD}),
        "change": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD}),
    },
    # Raising a concern: anyone who works with storytellers. Write-only: they see the
    # concerns they raised themselves (date, level, status, what they wrote), never
    # others' concerns or the safeguarding lead's notes ("safeguarding" above).
    "safeguarding_raise": {
        "view": frozenset(
            {
                _R.ADMIN,
                _R.SAFEGUARDING_LEAD,
                _R.MEDIA_OFFICER,
                _R.COORDINATOR,
                _R.DIGITAL_OFFICER,
                _R.DIRECTOR,
                _R.VOLUNTEER,
            }
        ),
        "change": frozenset(
            {
                _R.ADMIN,
                _R.SAFEGUARDING_LEAD,
                _R.MEDIA_OFFICER,
                _R.COORDINATOR,
                _R.DIGITAL_OFFICER,
                _R.DIRECTOR,
                _R.VOLUNTEER,
            }
        ),
    },
    # The name a storyteller uses in media, where a post that features them shows it
    # (each read audited). The rest of their sensitive details stay above.
    "storyteller_media_names": {
        "view": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.DIGITAL_OFFICER}),
        "change": frozenset(),
    },
    "consent": {
        "view": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.MEDIA_OFFICER, _R.DIGITAL_OFFICER}),
        "change": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD}),
    },
    "programmes": {
        "view": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.MEDIA_OFFICER, _R.COORDINATOR}),
        "change": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD}),
    },
    "requests": {
        "view": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.MEDIA_OFFICER}),
        "change": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.MEDIA_OFFICER}),
    },
    "pitches": {
        "view": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.MEDIA_OFFICER, _R.DIGITAL_OFFICER}),
        "change": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.MEDIA_OFFICER}),
    },
    # Social media: published posts and their figures are public information; the
    # digital officer keeps them (with the media desk). Featuring a storyteller in a post
    # also needs "storytellers" (to choose them) and is judged like every use.
    "social": {
        "view": ALL_STAFF,
        "change": frozenset({_R.ADMIN, _R.MEDIA_OFFICER, _R.DIGITAL_OFFICER}),
    },
    # Media monitoring: everyone may read what was collected; the feeds and the rules the
    # classifier runs on stay with those who answer for the round-up.
    "monitoring": {
        "view": ALL_STAFF,
        "change": frozenset({_R.ADMIN, _R.COORDINATOR}),
    },
    # The daily round-up: co-ordinators build it and volunteers help; everyone may read it.
    "roundup": {
        "view": ALL_STAFF,
        "change": frozenset({_R.ADMIN, _R.COORDINATOR, _R.VOLUNTEER}),
    },
    # Approving an edition and sending it to over a thousand people stays with those
    # who answer for the round-up.
    "roundup_send": {
        "view": frozenset({_R.ADMIN, _R.COORDINATOR, _R.VOLUNTEER}),
        "change": frozenset({_R.ADMIN, _R.COORDINATOR}),
    },
    # Subscribers' email addresses and consent records are personal data.
    "subscribers": {
        "view": frozenset({_R.ADMIN, _R.COORDINATOR, _R.DIGITAL_OFFICER}),
        "change": frozenset({_R.ADMIN, _R.COORDINATOR, _R.DIGITAL_OFFICER}),
    },
    # The network: partners (with their contact person) and the outreach log, whose
    # entries name the people met. Those who work with people, as for "people".
    "network": {
        "view": frozenset(
            {_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.MEDIA_OFFICER, _R.COORDINATOR, _R.DIGITAL_OFFICER}
        ),
        "change": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.MEDIA_OFFICER, _R.COORDINATOR}),
    },
    # The Google group's member counts: a number, no one's address. Co-ordinators keep it.
    "network_group": {
        "view": ALL_STAFF,
        "change": frozenset({_R.ADMIN, _R.COORDINATOR, _R.DIGITAL_OFFICER}),
    },
    # Region pages: everyone; each section shows names only to those who may see them.
    "regions": {"view": ALL_STAFF, "change": frozenset()},
    # Training and events: the schedule, figures and results are for all staff; the
    # co-ordinators run it. Attendee names are personal data: those who take attendance
    # (volunteers included) see them; lists leave Chorus (CSV, certificates in bulk,
    # imports) only through those who answer for them. Names on courses for people
    # with lived experience imply an immigration situation: only the roles that must
    # sign in with two factors see them.
    "training": {
        "view": ALL_STAFF,
        "change": frozenset({_R.ADMIN, _R.COORDINATOR}),
    },
    "training_attendees": {
        "view": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.COORDINATOR, _R.VOLUNTEER}),
        "change": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.COORDINATOR, _R.VOLUNTEER}),
    },
    "training_export": {
        "view": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.COORDINATOR}),
        "change": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.COORDINATOR}),
    },
    "training_lived_experience": {
        "view": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.MEDIA_OFFICER}),
        "change": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD}),
    },
    # Message testing: studies, results and findings are the charity's own evidence, for
    # all staff but volunteers; those who shape messages (digital and media officers) keep
    # them.
    "research": {
        "view": ALL_STAFF - {_R.VOLUNTEER},
        "change": frozenset({_R.ADMIN, _R.MEDIA_OFFICER, _R.DIGITAL_OFFICER}),
    },
    # Participants' quotes: consented and never identifying, but their words may reveal
    # their situation. Those who write with them and the safeguarding lead.
    "research_quotes": {
        "view": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD, _R.MEDIA_OFFICER, _R.DIGITAL_OFFICER}),
        "change": frozenset({_R.ADMIN, _R.MEDIA_OFFICER, _R.DIGITAL_OFFICER}),
    },
    # Toolkits: drafts are internal (all staff may read them); published versions are
    # public pages. Those who shape messages upload and publish.
    "toolkits": {
        "view": ALL_STAFF,
        "change": frozenset({_R.ADMIN, _R.MEDIA_OFFICER, _R.DIGITAL_OFFICER}),
    },
    # Funders: every funder's grants, what they pay for, the reports and milestones owed
    # and the funder's learning conversations. The director runs them (with admins).
    "funders": {
        "view": frozenset({_R.ADMIN, _R.DIRECTOR}),
        "change": frozenset({_R.ADMIN, _R.DIRECTOR}),
    },
    # Income by financial year, fund and source. The board (read-only) sees the totals,
    # never a funder's grant; the director and admins record income.
    "income": {
        "view": frozenset({_R.ADMIN, _R.DIRECTOR, _R.READ_ONLY}),
        "change": frozenset({_R.ADMIN, _R.DIRECTOR}),
    },
    # The strategy's outcomes, their indicators, baselines and targets: the board reads
    # the progress; the director and admins set targets and enter values by hand.
    "outcomes": {
        "view": frozenset({_R.ADMIN, _R.DIRECTOR, _R.READ_ONLY}),
        "change": frozenset({_R.ADMIN, _R.DIRECTOR}),
    },
    # Subject access export, erasure and the retention review.
    "data_protection": {
        "view": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD}),
        "change": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD}),
    },
    # The breach log and its 72-hour ICO countdown.
    "breaches": {
        "view": ANSWER_FOR_DATA_PROTECTION,
        "change": ANSWER_FOR_DATA_PROTECTION,
    },
    # DBS checks and safeguarding training of those who work with storytellers: the
    # safeguarding lead keeps them and is reminded before they run out.
    "staff_checks": {
        "view": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD}),
        "change": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD}),
    },
    "audit": {
        "view": frozenset({_R.ADMIN, _R.SAFEGUARDING_LEAD}),
        "change": frozenset(),
    },
    "staff": {
        "view": frozenset({_R.ADMIN}),
        "change": frozenset({_R.ADMIN}),
    },
}


def can(user: Any, area: str, action: Action) -> bool:
    """May this user do `action` in `area`? Unknown areas are refused, never allowed."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    rules = MATRIX.get(area)
    if rules is None:
        return False
    return user.role in rules.get(action, frozenset())


# Any response: a page, a redirect, or a streamed download.
ViewFunc = Callable[..., HttpResponseBase]


def requires(area: str, action: Action) -> Callable[[ViewFunc], ViewFunc]:
    """Guard a view: anonymous users go to the login page, others need the matrix's yes."""
    if area not in MATRIX:
        raise ValueError(f"Unknown access area {area!r}")

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, area, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.chorus_access = (area, action)  # type: ignore[attr-defined]
        return wrapped

    return decorator


def public(reason: str) -> Callable[[ViewFunc], ViewFunc]:
    """Mark a view anyone may open without signing in, and say why it is safe to.

    The access-walk test treats marked views as public (and checks that they are);
    every other view must declare its area with @requires.
    """
    if not reason.strip():
        raise ValueError("A public view needs a reason.")

    def decorator(view: ViewFunc) -> ViewFunc:
        view.chorus_public = reason  # type: ignore[attr-defined]
        return view

    return decorator


def not_found_unless_allowed(area: str) -> Callable[[ViewFunc], ViewFunc]:
    """Answer 404, not 403, to signed-in staff whose role may not view `area`.

    Pages about one storyteller, and every safeguarding page, must not tell people who
    may not know of them that they exist (a 403 on /voices/42/ says "there is something
    here"). Put it above @requires: anonymous visitors still go to sign in, roles that
    may view but not change still get 403, and the area and action that @requires
    declares stay on the view for the URL walk, which reads `chorus_not_found_unless`
    to expect 404 here.
    """

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.user.is_authenticated and not can(request.user, area, "view"):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.chorus_not_found_unless = area  # type: ignore[attr-defined]
        return wrapped

    return decorator
