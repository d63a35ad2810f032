"""Counting a roll call before it is recorded: the same rules as a stored vote's tally."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from sistercity_desk import demo, votes
from sistercity_desk import models as m
from sistercity_desk.office import get_office

MEETING = dt.date(2022, 3, 25)


def la_office() -> m.OfficeProfile:
    return m.OfficeProfile(seats=15, quorum=10, majority_votes=8, two_thirds_votes=10)


def seats(vacant: tuple[int, ...] = ()) -> list[votes.Seat]:
    return [
        votes.Seat(d, None, "", "") if d in vacant else votes.Seat(d, d, f"M {d}", f"S{d:02d}")
        for d in range(1, 16)
    ]


def test_count_without_a_database_follows_the_thresholds() -> None:
    office = la_office()
    roll = [("YES", f"S{i:02d}") for i in range(8)] + [("NO", "N0"), ("NO", "N1")]
    roll += [("ABSENT", f"A{i}") for i in range(5)]
    majority = votes.count(office, roll, "majority")
    assert majority.passes and majority.tally_text == "(8 - 2 - 5)"
    assert majority.quorum_ok and not majority.warnings
    assert not votes.count(office, roll, "two_thirds").passes
    assert not votes.count(office, roll, "unanimous").passes
    all_yes = [("YES", f"S{i:02d}") for i in range(10)] + [("ABSENT", f"A{i}") for i in range(5)]
    assert votes.count(office, all_yes, "unanimous").passes  # every member present voted yes
    # Eight present: below the quorum nothing carries, whatever the count.
    short = votes.count(office, roll[:8] + [("ABSENT", "X")] * 7, "majority")
    assert not short.quorum_ok and not short.passes and short.result == "No Quorum"


def test_count_choices_leaves_out_members_without_a_vote_and_counts_vacancies() -> None:
    office = la_office()
    partial = votes.count_choices(office, seats(vacant=(10,)), {1: "YES", 2: "N"}, "majority")
    assert (partial.yes, partial.no, partial.absent, partial.vacant) == (1, 1, 0, 1)
    assert partial.result == "No Quorum"  # two present so far
    # A vote given for a vacant seat does not make it a member's vote.
    full = {d: "YES" for d in range(1, 16)}
    counted = votes.count_choices(office, seats(vacant=(10,)), full, "majority")
    assert (counted.yes, counted.vacant) == (14, 1)
    assert counted.journal_line == "Adopted, (14)"


def test_count_choices_matches_the_tally_of_the_recorded_demo_vote(session: Session) -> None:
    result = demo.load_demo(session)
    stored = votes.votes_of(session, result.motion_id)[0]
    office = get_office(session=session)
    assert office is not None
    meeting = votes.seats_for_meeting(session, MEETING)
    choices = {s.district: "YES" for s in meeting if not s.vacant}
    before = votes.count_choices(office, meeting, choices, "majority")
    after = votes.tally(session, stored)
    assert before == after
    assert before.tally_text == "(14 - 0 - 0)" and before.result == "Adopted"
    # Six away: nine present is below the quorum of ten, and the words say so.
    for district in [s.district for s in meeting if not s.vacant][:6]:
        choices[district] = "ABSENT"
    short = votes.count_choices(office, meeting, choices, "majority")
    assert short.tally_text == "(8 - 0 - 6)" and not short.passes and not short.quorum_ok
    assert short.result == "No Quorum"
    assert short.warnings == (
        "Only 8 members present: a quorum is 10, so the Council cannot act and nothing is adopted.",
    )
