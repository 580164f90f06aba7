"""The most worrying of several statuses."""

import pytest

from goaltui.domain.models import KpiStatus
from goaltui.domain.progress import worst_status

ACH, ON, RISK, OFF, MISS, NONE = (
    KpiStatus.ACHIEVED,
    KpiStatus.ON_TRACK,
    KpiStatus.AT_RISK,
    KpiStatus.OFF_TRACK,
    KpiStatus.MISSED,
    KpiStatus.NO_DATA,
)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], None),
        ([NONE], NONE),
        ([NONE, NONE], NONE),
        ([NONE, ACH], ACH),
        ([ACH, ON, RISK], RISK),
        ([ON, OFF, ACH, RISK], OFF),
        ([OFF, MISS, NONE], MISS),
        ([ACH, ACH], ACH),
    ],
)
def test_worst_status(statuses: list[KpiStatus], expected: KpiStatus | None) -> None:
    assert worst_status(statuses) == expected
    assert worst_status(iter(statuses)) == expected
