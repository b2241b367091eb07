"""The tests marked ``xdist_group`` really share one worker under ``--dist loadgroup`` (``scripts/test.sh``).

pytest-xdist groups them by a suffix it adds to each node id on the worker (``…[sqlite]@bot-processes``); with
pytest 9.2 that suffix no longer takes (pytest-xdist#1386) and the groups are spread over the workers without a
word: the bot-process storms of ``tests/test_race.py`` then ran at the same time on both cores. This test fails
when a pytest or pytest-xdist version brings that back."""

from __future__ import annotations

import pytest

GROUP = "xdist-group-check"


@pytest.mark.xdist_group(GROUP)
def test_every_grouped_test_carries_its_group_to_the_scheduler(request: pytest.FixtureRequest) -> None:
    if not request.config.getoption("loadgroup", default=False):
        pytest.skip("checked on a pytest-xdist worker under --dist loadgroup (scripts/test.sh)")
    grouped = {item.nodeid: sorted({str(m.args[0]) for m in item.iter_markers("xdist_group")})
               for item in request.session.items if item.get_closest_marker("xdist_group")}
    assert request.node.nodeid in grouped  # this test is grouped itself: the check never runs on nothing
    lost = [nodeid for nodeid, names in grouped.items() if not nodeid.endswith("@" + "_".join(names))]
    assert lost == [], "xdist_group ignored: these would run on any worker"
