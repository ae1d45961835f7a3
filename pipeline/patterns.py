"""Facts about regular expressions kept as data (``models/*``), read before compiling them.

Stages combine or short-cut patterns from the data files (factor out a shared ``\\b``, skip a
scan when every match must start with a digit); both need to know whether a pattern has an
alternation at its top level, which changes what a prefix binds to.
"""

from __future__ import annotations


def has_top_level_bar(pattern: str) -> bool:
    """Does ``pattern`` have a ``|`` outside every group and character class (``\\bA|B``)?

    Escapes are skipped; inside ``[...]`` nothing groups or alternates, and a ``]`` that opens
    a class (``[]x]``, ``[^]x]``) is a literal.
    """
    depth, k, in_class = 0, 0, False
    while k < len(pattern):
        ch = pattern[k]
        if ch == "\\":
            k += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[k + 1 : k + 2] == "^":
                k += 1
            if pattern[k + 1 : k + 2] == "]":
                k += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
        k += 1
    return False
