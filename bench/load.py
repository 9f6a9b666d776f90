"""Load benchmark: real servers, real protocol, a load generator in separate processes. Prints figures.

    .venv/bin/python -m bench.load --quick     # a short run (~2 min)
    .venv/bin/python -m bench.load             # the full run (see README, "Performance")

What it does, in one run on this machine:
1. connects N phones (N = 200, 500, 1000) to a fresh single worker (SQLite): connect time,
   success, server RSS per connection;
2. N phones + the board on one worker (SQLite) post cards (track kind) and positions at rising
   rates: ack p50/p99, board and all-clients emit→receive p50/p99, server CPU; a level is
   saturated when the board misses cards, a request goes unanswered or fails, or board p99 > 1 s;
3. the same levels against a bare python-socketio broadcast server (bench/bare_server.py) with
   the same client: the ratio of the app's saturation throughput to the bare server's;
4. two workers + Redis + PostgreSQL, phones assigned to the workers directly (alternately), the
   board on the first worker: the same measures.

Rates are configurable so the run stays under per-participant rate limits: a phone posts at
most one card every `--min-post-interval` seconds (default 2).
"""
from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Optional

import psutil

from . import generator
from .servers import REDIS_URL, Server, app_env, app_server, bare_server, make_workshop, migrate, new_postgres_database

SATURATION_P99 = 1.0  # seconds on the board: beyond, the room no longer sees cards "live"


def pct(values: list, q: float) -> Optional[float]:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def ms(value: Optional[float]) -> str:
    return "—" if value is None else f"{value * 1000:.0f}" if value >= 0.01 else f"{value * 1000:.1f}"


class Fleet:
    """The generator processes, driven through pipes."""

    def __init__(self, processes: int):
        context = multiprocessing.get_context("spawn")
        self.pipes, self.processes = [], []
        for index in range(processes):
            parent, child = context.Pipe()
            process = context.Process(target=generator.serve, args=(child, f"g{index}"), daemon=True)
            process.start()
            self.pipes.append(parent)
            self.processes.append(process)

    def call(self, command: str, per_process: list[dict]) -> list:
        for pipe, kwargs in zip(self.pipes, per_process):
            pipe.send((command, kwargs))
        return [pipe.recv() for pipe in self.pipes]

    def everyone(self, command: str, **kwargs) -> list:
        return self.call(command, [kwargs] * len(self.pipes))

    def connect(self, urls: list[str], tokens: list[str], board: Optional[tuple[str, str]]) -> dict:
        """Phone i connects to urls[i % len(urls)] from process i % P; the board from process 0."""
        shares = [[] for _ in self.pipes]
        for i, token in enumerate(tokens):
            shares[i % len(shares)].append((urls[i % len(urls)], {"token": token}))
        commands = [{"phones": share, "board": (board[0], {"token": board[1]}) if board and n == 0 else None}
                    for n, share in enumerate(shares)]
        started = time.perf_counter()
        results = self.call("connect", commands)
        return {"times": [t for r in results for t in r["times"]], "failures": [f for r in results for f in r["failures"]],
                "elapsed": time.perf_counter() - started}

    def close(self) -> None:
        self.everyone("close")

    def stop(self) -> None:
        self.everyone("stop")
        for process in self.processes:
            process.join(10)

    def cpu_seconds(self) -> float:
        import psutil

        total = 0.0
        for process in self.processes:
            times = psutil.Process(process.pid).cpu_times()
            total += times.user + times.system
        return total


PROFILE_DIR: Optional[Path] = None  # --profile: py-spy records each server during each level


def profile(servers: list[Server], post_rate: float, duration: float) -> list:
    if PROFILE_DIR is None:
        return []
    import subprocess

    recorders = []
    for n, server in enumerate(servers):
        output = PROFILE_DIR / f"{server.name}-{n}-{post_rate:g}.txt"
        recorders.append(subprocess.Popen(
            [str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(server.process.pid), "--duration",
             str(int(duration)), "--rate", "200", "--format", "raw", "--output", str(output), "--nonblocking"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return recorders


def run_level(fleet: Fleet, servers: list[Server], phones: int, post_rate: float, position_rate: float,
              duration: float, tracks: list[int]) -> dict:
    start_at = time.time() + 1.0
    recorders = profile(servers, post_rate, duration + 1)
    share = 1 / len(fleet.pipes)
    cpu: list = []  # CPU seconds (servers, generators) when the load starts and when it stops

    def sample() -> None:
        box = psutil.cpu_times()
        cpu.append((sum(s.cpu_seconds() for s in servers), fleet.cpu_seconds(), box.idle + box.iowait))

    timers = [threading.Timer(start_at + offset - time.time(), sample) for offset in (0, duration)]
    for timer in timers:
        timer.start()
    results = fleet.everyone("run", post_rate=post_rate * share, position_rate=position_rate * share,
                             duration=duration, start_at=start_at, tracks=tracks)
    for recorder in recorders:
        recorder.wait(30)
    for timer in timers:
        timer.join()
    server_cpu = (cpu[1][0] - cpu[0][0]) / duration
    generator_cpu = (cpu[1][1] - cpu[0][1]) / duration
    machine_busy = 1 - (cpu[1][2] - cpu[0][2]) / duration / psutil.cpu_count()
    merged = {key: [v for r in results for v in r[key]] for key in ("post_acks", "position_acks", "board", "receive")}
    errors: dict = {}
    for r in results:
        for code, n in r["errors"].items():
            errors[code] = errors.get(code, 0) + n
    sent = sum(r["sent_posts"] for r in results)
    board_cards = sum(r["board_cards"] for r in results)
    lost = sum(r["lost"] for r in results)
    level = {
        "phones": phones, "post_rate": post_rate, "position_rate": position_rate, "sent_posts": sent,
        "sent_positions": sum(r["sent_positions"] for r in results), "lost": lost, "errors": errors,
        "ack_p50": pct(merged["post_acks"], 50), "ack_p99": pct(merged["post_acks"], 99),
        "position_ack_p50": pct(merged["position_acks"], 50), "position_ack_p99": pct(merged["position_acks"], 99),
        "board_p50": pct(merged["board"], 50), "board_p99": pct(merged["board"], 99),
        "all_p50": pct(merged["receive"], 50), "all_p99": pct(merged["receive"], 99),
        "delivered": board_cards / sent if sent else 1.0, "server_cpu": server_cpu, "generator_cpu": generator_cpu,
        "machine_busy": machine_busy,
        # deliveries per second the server achieved: each card reaches every phone and the board
        "deliveries_per_s": board_cards * (phones + 1) / duration,
    }
    level["saturated"] = bool(level["delivered"] < 0.99 or lost or errors
                              or (level["board_p99"] or 0) > SATURATION_P99)
    return level


LEVEL_HEADER = (f"{'posts/s':>8} {'pos/s':>6} {'ack p50':>8} {'ack p99':>8} {'pos p50':>8} {'board p50':>10} "
                f"{'board p99':>10} {'all p50':>8} {'all p99':>8} {'deliv.':>7} {'srv CPU':>8} {'gen CPU':>8} {'box':>5}  state")


def level_line(level: dict) -> str:
    state = "SATURATED" if level["saturated"] else "ok"
    others = level["machine_busy"] * psutil.cpu_count() - level["server_cpu"] - level["generator_cpu"]
    if others > 0.25:  # something else ran: another program, or PostgreSQL/Redis for two workers
        state += f" [other processes: {others:.0%} CPU]"
    if level["errors"] or level["lost"]:
        state += f" (errors {level['errors']}, unanswered {level['lost']})"
    return (f"{level['post_rate']:>8g} {level['position_rate']:>6g} {ms(level['ack_p50']):>8} {ms(level['ack_p99']):>8} "
            f"{ms(level['position_ack_p50']):>8} {ms(level['board_p50']):>10} {ms(level['board_p99']):>10} "
            f"{ms(level['all_p50']):>8} {ms(level['all_p99']):>8} {level['delivered']:>7.1%} "
            f"{level['server_cpu']:>7.0%} {level['generator_cpu']:>7.0%} {level['machine_busy']:>5.0%}  {state}")


def scan(title: str, fleet: Fleet, servers: list[Server], urls: list[str], tokens: list[str], board: str,
         rates: list[float], position_rate: float, duration: float, tracks: list[int],
         stop_when_saturated: int = 2) -> list[dict]:
    """Connect the phones, then run the rising levels until `stop_when_saturated` levels in a row saturate."""
    print(f"\n## {title}: {len(tokens)} phones + board", flush=True)
    connected = fleet.connect(urls, tokens, (urls[0], board))
    print(f"connected {len(connected['times'])}/{len(tokens)} in {connected['elapsed']:.1f} s", flush=True)
    print(LEVEL_HEADER, flush=True)
    levels, in_a_row = [], 0
    for rate in rates:
        level = run_level(fleet, servers, len(connected["times"]), rate, position_rate, duration, tracks)
        levels.append(level)
        print(level_line(level), flush=True)
        in_a_row = in_a_row + 1 if level["saturated"] else 0
        if in_a_row >= stop_when_saturated:
            break
    fleet.close()
    return levels


def saturation(levels: list[dict]) -> Optional[dict]:
    """The highest level before the first saturated one."""
    best = None
    for level in levels:
        if level["saturated"]:
            break
        best = level
    return best


def connect_test(fleet: Fleet, env: dict, tokens: list[str], sizes: list[int], workdir: Path) -> None:
    print("\n## Connecting phones (one worker, SQLite)", flush=True)
    print(f"{'phones':>7} {'connected':>10} {'total s':>8} {'p50 ms':>7} {'p99 ms':>7} {'RSS MB':>7} {'kB/conn':>8}")
    for size in sizes:
        server = app_server(env, workdir / "connect.log").start()
        try:
            time.sleep(1)
            baseline = server.rss()
            result = fleet.connect([server.url], tokens[:size], None)
            time.sleep(1)
            rss = server.rss()
            fleet.close()
        finally:
            server.stop()
        ok = len(result["times"])
        failures = f"  failures: {sorted(set(result['failures']))}" if result["failures"] else ""
        print(f"{size:>7} {ok:>10} {result['elapsed']:>8.1f} {ms(pct(result['times'], 50)):>7} "
              f"{ms(pct(result['times'], 99)):>7} {rss / 2**20:>7.0f} {(rss - baseline) / max(ok, 1) / 1024:>8.0f}"
              f"{failures}", flush=True)


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short run: fewer phones, levels and seconds")
    parser.add_argument("--connect-sizes", default="200,500,1000")
    parser.add_argument("--phones", type=int, default=500, help="phones during the load levels")
    parser.add_argument("--rates", default="10,20,40,60,80,100,120,140,160,200,250", help="card posts per second, rising")
    parser.add_argument("--positions", type=float, default=100, help="positions per second at every level")
    parser.add_argument("--duration", type=float, default=15, help="seconds per level")
    parser.add_argument("--processes", type=int, default=2, help="load-generator processes")
    parser.add_argument("--min-post-interval", type=float, default=2.0,
                        help="a phone posts at most one card per this many seconds (rate limits)")
    parser.add_argument("--multi-rates", default="20,40,60,80", help="post rates for two workers")
    parser.add_argument("--skip", default="", help="comma list of parts to skip: connect,app,bare,multi")
    parser.add_argument("--profile", type=Path, help="record py-spy profiles of the servers into this folder")
    args = parser.parse_args(argv)
    if args.profile:
        global PROFILE_DIR
        PROFILE_DIR = args.profile
        PROFILE_DIR.mkdir(parents=True, exist_ok=True)
    if args.quick:
        args.connect_sizes, args.phones, args.duration = "200,500", 200, 6
        args.rates, args.multi_rates = "10,40,80", "40"
    skip = set(filter(None, args.skip.split(",")))
    sizes = [int(n) for n in args.connect_sizes.split(",") if n]
    rates = [float(r) for r in args.rates.split(",") if r]
    ceiling = args.phones / args.min_post_interval
    if any(rate > ceiling for rate in rates):
        print(f"note: post rates above {ceiling:g}/s dropped ({args.phones} phones, one card per "
              f"{args.min_post_interval:g} s each)")
        rates = [rate for rate in rates if rate <= ceiling]

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    workdir = Path(tempfile.mkdtemp(prefix="clts-bench-"))
    print(f"clts_forum load benchmark — {multiprocessing.cpu_count()} CPU(s), open files ≤ {hard}, "
          f"{args.processes} generator processes, logs in {workdir}", flush=True)

    env = app_env(f"sqlite:///{workdir / 'bench.sqlite3'}", workdir)
    migrate(env)
    workshop = make_workshop(env, max(sizes + [args.phones]))
    fleet = Fleet(args.processes)
    summary: dict = {}
    try:
        if "connect" not in skip:
            connect_test(fleet, env, workshop["tokens"], sizes, workdir)

        if "app" not in skip:
            server = app_server(env, workdir / "app.log").start()
            try:
                levels = scan("The app, one worker (eventlet, SQLite)", fleet, [server], [server.url],
                              workshop["tokens"][:args.phones], workshop["board"], rates, args.positions,
                              args.duration, workshop["tracks"])
            finally:
                server.stop()
            summary["app"], summary["saturated_app"] = saturation(levels), levels[-1]["saturated"]

        if "bare" not in skip:
            server = bare_server(workdir / "bare.log").start()
            try:
                levels = scan("Bare python-socketio broadcast server (eventlet)", fleet, [server], [server.url],
                              workshop["tokens"][:args.phones], "bare", rates, args.positions, args.duration,
                              [1])
            finally:
                server.stop()
            summary["bare"], summary["saturated_bare"] = saturation(levels), levels[-1]["saturated"]

        if "multi" not in skip:
            summary["multi"] = multi_workers(fleet, args, workdir)
    finally:
        fleet.stop()

    print("\n## Summary", flush=True)
    for name, level in summary.items():
        if name.startswith("saturated_"):
            continue
        if level is None:
            print(f"{name}: saturated at the first level")
        else:
            print(f"{name}: highest unsaturated level {level['post_rate']:g} posts/s + {level['position_rate']:g} "
                  f"positions/s = {level['deliveries_per_s']:.0f} deliveries/s (board p99 {ms(level['board_p99'])} ms)")
    if summary.get("app") and summary.get("bare"):
        ratio = summary["app"]["deliveries_per_s"] / summary["bare"]["deliveries_per_s"]
        print(f"app / bare saturation throughput: {ratio:.2f}")
        if not summary["saturated_app"] or not summary["saturated_bare"]:
            print("  (a server did not saturate within --rates: the ratio is not its limit; raise the rates)")


def multi_workers(fleet: Fleet, args, workdir: Path) -> Optional[dict]:
    try:
        database_url, drop = new_postgres_database()
    except Exception as error:  # noqa: BLE001 — say why and go on with the rest of the report
        print(f"\n## Two workers: skipped, PostgreSQL unavailable ({error})")
        return None
    try:
        env = app_env(database_url, workdir, redis_url=REDIS_URL)
        migrate(env)
        workshop = make_workshop(env, args.phones)
        workers = [app_server(env, workdir / f"worker-{n}.log").start() for n in "ab"]
        try:
            levels = scan("Two workers + Redis + PostgreSQL (phones assigned to workers alternately)", fleet,
                          workers, [w.url for w in workers], workshop["tokens"], workshop["board"],
                          [float(r) for r in args.multi_rates.split(",") if r], args.positions, args.duration,
                          workshop["tracks"])
        finally:
            for worker in workers:
                worker.stop()
        return saturation(levels)
    finally:
        drop()


if __name__ == "__main__":
    sys.exit(main())
