"""NRS (numer rachunku składkowego): derived from the NIP, IBAN check digits, validation messages."""

from __future__ import annotations

import pytest
from stdnum import iban

from eplatnik.errors import UserFacingError
from eplatnik.register.nrs import (
    NRS_CHECK,
    NRS_LENGTH,
    NRS_NOT_ZUS,
    check_nrs,
    format_nrs,
    nrs_for_nip,
)


@pytest.mark.parametrize("nip", ["5261040828", "7792433421", "9512345675", "7772273629"])
def test_derived_number_is_a_valid_iban_with_zus_prefix_and_the_nip(nip):
    nrs = nrs_for_nip(nip)
    assert len(nrs) == 26 and nrs.isdigit()
    assert iban.is_valid("PL" + nrs)  # independent check with python-stdnum
    assert nrs[2:13] == "60000002026"
    assert nrs.endswith(nip)
    assert check_nrs(nrs, nip) is None


def test_matches_a_number_as_zus_issues_it():
    # the shape ZUS sends in its letters: check digits, 60000002, 026, 001, NIP
    assert nrs_for_nip("7772273629") == "82600000020260017772273629"


def test_nip_with_dashes_is_accepted_and_a_bad_nip_refused():
    assert nrs_for_nip("526-104-08-28") == nrs_for_nip("5261040828")
    with pytest.raises(UserFacingError):
        nrs_for_nip("5261040829")


def test_each_kind_of_mistake_has_its_own_message():
    good = nrs_for_nip("5261040828")
    swapped = good[:2] + good[2:20] + good[21] + good[20] + good[22:]
    assert check_nrs(swapped) == NRS_CHECK
    assert check_nrs(good[:-1]) == NRS_LENGTH
    other_bank = "PL61109010140000071219812874"  # a valid IBAN, but not at ZUS
    assert iban.is_valid(other_bank)
    assert check_nrs(other_bank) == NRS_NOT_ZUS
    wrong_payer = check_nrs(good, nip="7792433421")
    assert wrong_payer is not None and "7792433421" in wrong_payer.render("en")


def test_printed_grouping_and_pl_prefix():
    good = nrs_for_nip("5261040828")
    assert format_nrs(good) == "44 6000 0002 0260 0152 6104 0828"
    assert check_nrs("PL " + format_nrs(good), "5261040828") is None
