#!/usr/bin/env python3
"""Paired start-up comparison of two builds of this repository.

Runs ``<tree>/bin/rocky-component ARGS`` of two trees (each built with ``mvn package``) as pairs:
each pair runs both trees back to back, in random order, stdout and stderr discarded. Prints each
tree's median wall time and the median of the pairs' differences (after - before) with its
interquartile range. On a machine whose speed drifts over minutes (a shared virtual machine), the
paired difference is the figure to compare; the two medians only compare within one run.

    python3 rocky-bench/pairs.py --before ../main-before --runs 40 -- --defs examples/replication-basics/defs.yaml defs
    python3 rocky-bench/pairs.py --before ../main-before --java-home /usr/lib/jvm/temurin-25-jdk-amd64 -- --help

--after defaults to this repository; --java-home sets JAVA_HOME for both (default: as inherited).
Both trees run in the current directory, so relative paths in ARGS name the same files. Exits 1
when a command fails (its exit code and tree are printed), 2 on a usage error.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time


def run(launcher, args, env):
    start = time.perf_counter()
    code = subprocess.run([launcher] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env).returncode
    return (time.perf_counter() - start) * 1000, code


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description="Paired start-up comparison of two builds (see the module docstring).")
    parser.add_argument("--before", required=True, help="the other tree, built with mvn package")
    parser.add_argument("--after", default=here, help="this tree (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=40, help="pairs to run (default: %(default)s)")
    parser.add_argument("--java-home", help="JAVA_HOME for both trees")
    parser.add_argument("--seed", type=int, default=None, help="seed of the order within each pair")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="-- then the arguments of bin/rocky-component")
    options = parser.parse_args()
    args = options.args[1:] if options.args[:1] == ["--"] else options.args
    if not args or options.runs < 1:
        parser.error("give the command's arguments after -- and at least one run")
    launchers = {}
    for name, tree in (("before", options.before), ("after", options.after)):
        launcher = os.path.join(os.path.abspath(tree), "bin", "rocky-component")
        if not os.access(launcher, os.X_OK):
            parser.error(f"{launcher} is missing: --{name} must be a built tree of this repository")
        launchers[name] = launcher
    env = dict(os.environ)
    if options.java_home:
        env["JAVA_HOME"] = options.java_home
    rng = random.Random(options.seed)
    times = {"before": [], "after": []}
    differences = []
    for _ in range(options.runs):
        order = ["before", "after"]
        rng.shuffle(order)
        pair = {}
        for name in order:
            ms, code = run(launchers[name], args, env)
            if code != 0:
                print(f"pairs.py: {launchers[name]} {' '.join(args)} exited {code}", file=sys.stderr)
                return 1
            pair[name] = ms
            times[name].append(ms)
        differences.append(pair["after"] - pair["before"])
    differences.sort()
    n = len(differences)
    print(f"before {statistics.median(times['before']):.1f} ms, after {statistics.median(times['after']):.1f} ms (medians); "
          f"after - before {statistics.median(differences):+.1f} ms (IQR {differences[n // 4]:+.1f} .. {differences[(3 * n) // 4]:+.1f}), "
          f"{n} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
