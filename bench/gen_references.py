#!/usr/bin/env python3
"""Writes a project of segment references for measuring `seg compile`.

    python3 bench/gen_references.py chain 1000 > chain.seg
    python3 bench/gen_references.py diamond 30 > diamond.seg

`chain N`: s0 ... s{N-1}, each `spend >= i and not in s{i-1}` (a priority chain).
`diamond N`: d0 ... d{N-1}, each `(in d{i-1} or in d{i-2}) and spend != i`; inlined, its SQL
would grow like Fibonacci.
`realistic N`: r0 ... r{N-1} in the six patterns of the compile benchmark's `realistic` shape
(benches/generate/mod.rs), for the retail schema; write it beside a copy of
examples/retail/schema.seg:

    mkdir -p real && cp examples/retail/schema.seg real/
    python3 bench/gen_references.py realistic 1000 > real/segments.seg
"""

import sys

SCHEMA = """entity customers from "crm.customers" {
  key id: string
  spend: int?
}
"""


def chain(n):
    yield "segment s0 on customers { where spend >= 0 }"
    for i in range(1, n):
        yield f"segment s{i} on customers {{ where spend >= {i} and not in s{i - 1} }}"


def diamond(n):
    yield "segment d0 on customers { where spend >= 0 }"
    yield "segment d1 on customers { where spend >= 1 }"
    for i in range(2, n):
        yield (
            f"segment d{i} on customers "
            f"{{ where (in d{i - 1} or in d{i - 2}) and spend != {i} }}"
        )


def realistic(n):
    """The same text as `realistic` in benches/generate/mod.rs."""
    yield 'use "schema.seg"\n\nparam vip_spend: decimal = 500\n'
    for i in range(n):
        days = 30 * (1 + i % 12)
        pattern = i % 6
        if pattern == 0:
            body = (
                f"  channel email\n  where orders.sum(amount, last {days} days) >= vip_spend\n"
                f"    and orders.last(ordered_at) before {30 + i % 60} days ago\n"
                f"    and days since orders.last(ordered_at) >= {60 + i % 30}"
            )
        elif pattern == 1:
            body = (
                f"  channel sms\n  where signup_at within last {30 + i % 60} days\n"
                f"    and orders.count() = 0\n"
                f'    and events.count(where kind = "cart_add", last 30 days) >= {1 + i % 3}'
            )
        elif pattern == 2:
            body = (
                '  tags ["regional"]\n  where region in ["PACA", "OCC", "COR"]\n'
                f'    and orders.count(where category = "c{i % 40}", last 2 years) >= 1\n'
                f"    and not in r{i - 1}"
            )
        elif pattern == 3:
            body = (
                f'  where pcs_group = "cadres" and orders.avg(amount, last {days} days) >= '
                f"{50 + i % 100}\n    and not (in r{i - 2} or in r{i - 3})"
            )
        elif pattern == 4:
            body = (
                f"  channel email\n  holdout 10%\n  where orders.count() = {1 + i % 3} "
                f"and days since orders.last(ordered_at) > {90 + i % 180}"
            )
        else:
            body = (
                f'  where events.count(where kind = "email_click", last {days} days) >= 2\n'
                f"    and orders.count(where discount_used, last 365 days) >= {1 + i % 5}\n"
                "    and email is present and loyalty_card"
            )
        yield (
            f"/// Generated segment {i}.\nsegment r{i} on customers {{\n"
            f'  owner "crm-team"\n{body}\n}}\n'
        )


def main():
    shapes = {"chain": chain, "diamond": diamond, "realistic": realistic}
    if len(sys.argv) != 3 or sys.argv[1] not in shapes:
        sys.exit(__doc__)
    shape, n = sys.argv[1], int(sys.argv[2])
    lines = shapes[shape](n)
    head = "" if shape == "realistic" else SCHEMA
    sys.stdout.write(head + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
