from gongkai.search.cursor import ChangeCursor


def test_contiguous_ids_move_the_checkpoint():
    cursor = ChangeCursor(0, gap_timeout=60)
    assert cursor.pending([1, 2, 3]) == [1, 2, 3]
    assert cursor.applied([1, 2, 3], now=0) == 3
    assert cursor.pending([1, 2, 3]) == []


def test_a_hole_holds_the_checkpoint_until_it_fills():
    cursor = ChangeCursor(0, gap_timeout=60)
    # Transaction 2 is still open: 1 and 3 are visible.
    assert cursor.applied(cursor.pending([1, 3]), now=0) == 1
    assert cursor.pending([3]) == []  # 3 is not applied twice
    # Transaction 2 commits: it is picked up although 3 was seen first.
    assert cursor.pending([2, 3]) == [2]
    assert cursor.applied([2], now=10) == 3


def test_a_hole_older_than_the_timeout_is_skipped():
    cursor = ChangeCursor(0, gap_timeout=60)
    assert cursor.applied([1, 3], now=0) == 1  # 2 was rolled back and never appears
    assert cursor.applied([], now=59) == 1
    assert cursor.applied([], now=61) == 3


def test_restart_from_a_checkpoint_reapplies_only_what_follows():
    cursor = ChangeCursor(5)
    assert cursor.pending([4, 5, 6, 7]) == [6, 7]


def test_newest_is_the_newest_applied_even_behind_a_hole():
    cursor = ChangeCursor(0, gap_timeout=60)
    assert cursor.newest == 0
    cursor.applied([1, 3, 4], now=0)
    assert (cursor.checkpoint, cursor.newest) == (1, 4)
    cursor.applied([], now=61)  # the hole at 2 is given up
    assert (cursor.checkpoint, cursor.newest) == (4, 4)
