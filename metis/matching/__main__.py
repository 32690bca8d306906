"""python -m metis.matching solve INSTANCE.json [-o RESULT.json] | bench | generate"""

import argparse
import json
import sys


def _solve(args) -> int:
    from .flow import allocate, allocate_monolithic
    from .instance import InstanceError, load, result
    from .taxonomy import Taxonomy

    taxonomy = None  # loaded on demand: skills to score, or reasons to explain
    try:
        inst = load(args.instance)
    except InstanceError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.monolithic:
        x = allocate_monolithic(inst.graph)
    else:
        x = allocate(inst.graph, workers=args.workers)
    if args.reasons:
        taxonomy = Taxonomy.load()
    out = result(inst, x, reasons=args.reasons, taxonomy=taxonomy)
    if args.output and args.output != "-":
        with open(args.output, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False)
    else:
        json.dump(out, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m metis.matching")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve", help="optimal allocation of an instance file")
    s.add_argument("instance")
    s.add_argument("-o", "--output", help="result file (default: standard output)")
    s.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    s.add_argument("--monolithic", action="store_true", help="one flow, no decomposition")
    s.add_argument("--reasons", action="store_true", help="add score (and reasons) per assignment")
    b = sub.add_parser("bench", help="benchmark on generated instances")
    b.add_argument("--sizes", default="territory,departement,nation", help="comma-separated")
    b.add_argument("--scale", type=float, default=1.0, help="multiply every size (e.g. 0.01)")
    b.add_argument("--runs", type=int, default=3)
    b.add_argument("--seed", type=int, default=1)
    b.add_argument("--no-monolithic", action="store_true", help="skip the monolithic baseline")
    g = sub.add_parser("generate", help="write a generated instance as JSON")
    g.add_argument("size")
    g.add_argument("-o", "--output", required=True)
    g.add_argument("--scale", type=float, default=1.0)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--no-edges", action="store_true", help="skills and places instead of edges")
    args = parser.parse_args(argv)
    try:
        if args.command == "solve":
            return _solve(args)
        if args.command == "bench":
            from .bench import run

            return run(args)
        from .generate import write_json

        return write_json(args)
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # one line, never a traceback, for anything unforeseen
        print(f"error: {type(e).__name__}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
