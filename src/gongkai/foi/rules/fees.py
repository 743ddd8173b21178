"""The processing fee (国办函〔2020〕109号)."""


# -- fees (国办函〔2020〕109号) -------------------------------------------------------------------
def fee_for_nth_application(n: int) -> int:
    """What the n-th application of one applicant in one natural month costs, in yuan (第四条):
    1–10 free, 11–30 at 100, then each further band of 10 costs 100 more (31–40 at 200 …)."""
    if n < 1:
        raise ValueError("n starts at 1")
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 100 + 100 * ((n - 31) // 10 + 1)


def fee_by_count(count: int) -> int:
    """Total fee for one applicant's `count` applications in one natural month (第四条)."""
    if count < 0:
        raise ValueError("count must not be negative")
    return sum(fee_for_nth_application(n) for n in range(1, count + 1))


# (first page of the band, price per page); 1–30 free (第五条).
PAGE_BANDS = ((31, 10), (101, 20), (201, 40))


def fee_by_pages(pages: int) -> int:
    """Fee for one application of `pages` pages, charged band by band (第五条). An office charges
    by count or by pages for one application, never both (第三条)."""
    if pages < 0:
        raise ValueError("pages must not be negative")
    total = 0
    for i, (first, price) in enumerate(PAGE_BANDS):
        last = PAGE_BANDS[i + 1][0] - 1 if i + 1 < len(PAGE_BANDS) else pages
        if pages >= first:
            total += (min(pages, last) - first + 1) * price
    return total
