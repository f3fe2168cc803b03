from django.core.management.base import BaseCommand, CommandError

from network_portal import benchmark


class Command(BaseCommand):
    help = (
        "Seed a large benchmark data set (the N largest real GeoNames places, synthetic "
        "projects, events and recaps with German and English text; every row's slug starts "
        "with 'bench-') unless it is there already, then time a rare-term and a common-term "
        "search, the project list with two facets and their counts, and a peers page "
        "through the whole Django stack, printing median, 95th percentile and queries per "
        "request. --remove deletes the benchmark rows and measures nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="multiply every count by this (default 1)"
        )
        parser.add_argument("--municipalities", type=int, default=20_000)
        parser.add_argument("--projects", type=int, default=100_000)
        parser.add_argument("--events", type=int, default=2_000)
        parser.add_argument("--recaps", type=int, default=2_000)
        parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
        parser.add_argument("--seed", type=int, default=2026, help="random seed of the data")
        parser.add_argument(
            "--only",
            nargs="+",
            choices=benchmark.SCENARIO_KEYS,
            default=list(benchmark.SCENARIO_KEYS),
            help="measure only these scenarios",
        )
        parser.add_argument(
            "--reseed", action="store_true", help="remove existing benchmark rows and seed again"
        )
        parser.add_argument(
            "--remove", action="store_true", help="delete the benchmark rows and stop"
        )

    def handle(self, *args, scale, municipalities, projects, events, recaps, repeat, seed,
               only, reseed, remove, verbosity, **options):  # fmt: skip
        if scale < 1 or repeat < 1:
            raise CommandError("--scale and --repeat must be at least 1.")
        log = self.stdout.write if verbosity >= 1 else (lambda message: None)
        if remove or reseed:
            removed = benchmark.remove_benchmark_data()
            log("Removed: " + ", ".join(f"{n:,} {name}" for name, n in removed.items()))
            if remove:
                return
        if benchmark.benchmark_data_exists():
            log("Benchmark data found; measuring it (--reseed to write it anew).")
        else:
            report = benchmark.seed(
                municipalities=municipalities * scale,
                projects=projects * scale,
                events=events * scale,
                recaps=recaps * scale,
                seed_value=seed,
                log=log,
            )
            log(
                f"Seeded {report.municipalities:,} municipalities, {report.projects:,} "
                f"projects, {report.events:,} events, {report.recaps:,} recaps "
                f"in {report.seconds:.0f} s."
            )
        timings = benchmark.measure(repeat=repeat, only=only)
        self.stdout.write(f"{'scenario':34} {'median':>9} {'p95':>9} {'queries':>8}  status")
        for timing in timings:
            self.stdout.write(
                f"{timing.name:34} {timing.median:7.1f}ms {timing.p95:7.1f}ms "
                f"{timing.queries:8d}  {timing.status}  {timing.path}"
                + (f"  ({timing.note})" if timing.note else "")
            )
