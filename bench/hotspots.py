"""Summarise a py-spy raw profile (collapsed stacks): where the server's time goes.

    .venv/bin/python -m bench.hotspots /tmp/prof/app-0-80.txt [--top 25] [--match clts_forum]
"""
from __future__ import annotations

import argparse
from collections import Counter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("profile")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--match", default="", help="only count frames whose text contains this")
    args = parser.parse_args()
    own, inclusive, total = Counter(), Counter(), 0
    with open(args.profile) as lines:
        for line in lines:
            stack, _, count = line.rstrip().rpartition(" ")
            if not stack:
                continue
            samples = int(count)
            total += samples
            frames = stack.split(";")
            own[frames[-1]] += samples
            for frame in set(frames):
                if args.match in frame:
                    inclusive[frame] += samples
    print(f"{total} samples\n\nself time:")
    for frame, samples in own.most_common(args.top):
        print(f"{samples / total:6.1%}  {frame}")
    print("\ninclusive time:")
    for frame, samples in inclusive.most_common(args.top):
        print(f"{samples / total:6.1%}  {frame}")


if __name__ == "__main__":
    main()
