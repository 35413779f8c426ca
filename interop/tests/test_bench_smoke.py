"""The benchmark driver keeps working: a quick run (small N, Redis, one workload) produces the
report with a jcelery / Python ratio and the throughput the broker's own CPU allows, and a quick
round-trip run reports the floor and the client's own CPU. The full benchmark is run by hand
(scripts/bench.sh)."""
import re
import subprocess

from conftest import ROOT, redis_urls  # noqa: F401  (fails the test when Redis is missing)


def quick_report(tmp_path, only):
    """bench.md of a quick run on Redis of the workloads whose name contains `only`."""
    run = subprocess.run(['/usr/bin/python3', str(ROOT / 'bench' / 'run.py'), '--quick',
                          '--brokers', 'redis', '--only', only, '--out', str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return (tmp_path / 'bench.md').read_text()


def test_quick_benchmark_run_writes_a_report_with_a_ratio(tmp_path, redis_urls):  # noqa: F811
    report = quick_report(tmp_path, 'noop, results')
    assert (tmp_path / 'bench.json').exists()
    assert re.search(r'\| redis \| noop, results \| [\d,]+ \| [\d,]+ \| [\d.]+x \|', report), report
    assert re.search(r'\| redis \| 20x Python = [\d,]+ \| Redis [\d,]+ us \(one thread\) \| [\d,]+ \|', report), report


def test_quick_latency_run_reports_the_floor_and_the_clients_own_cpu(tmp_path, redis_urls):  # noqa: F811
    report = quick_report(tmp_path, 'latency')
    ms = r'[\d.]+ / [\d.]+ / [\d.]+'
    assert re.search(rf'\| redis \| noop, solo pool \| {ms} \| {ms} \| {ms} \| {ms} \|', report), report
