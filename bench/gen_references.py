#!/usr/bin/env python3
"""Writes a project of segment references for measuring `seg compile`.

    python3 bench/gen_references.py chain 1000 > chain.seg
    python3 bench/gen_references.py diamond 30 > diamond.seg

`chain N`: s0 ... s{N-1}, each `spend >= i and not in s{i-1}` (a priority chain).
`diamond N`: d0 ... d{N-1}, each `(in d{i-1} or in d{i-2}) and spend != i`; inlined, its SQL
would grow like Fibonacci.
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


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("chain", "diamond"):
        sys.exit(__doc__)
    shape, n = sys.argv[1], int(sys.argv[2])
    lines = chain(n) if shape == "chain" else diamond(n)
    sys.stdout.write(SCHEMA + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
