"""The benchmark driver keeps working: a quick run (small N, Redis, one workload) produces the
report with a jcelery / Python ratio and the throughput the broker's own CPU allows, a quick
round-trip run reports the floor and the client's own CPU for Python's client and jcelery's, and a
quick RabbitMQ run reports RabbitMQ's own drain rate. The full benchmark is run by hand
(scripts/bench.sh)."""
import re
import subprocess

from conftest import AMQP_HOST, AMQP_PORT, ROOT, redis_urls, require_service  # noqa: F401  (the redis_urls fixture fails a test when Redis is missing)


def quick_report(tmp_path, only, broker='redis'):
    """bench.md of a quick run on `broker` of the workloads whose name contains `only`."""
    run = subprocess.run(['/usr/bin/python3', str(ROOT / 'bench' / 'run.py'), '--quick',
                          '--brokers', broker, '--only', only, '--out', str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return (tmp_path / 'bench.md').read_text()


def test_quick_benchmark_run_writes_a_report_with_a_ratio(tmp_path, redis_urls):  # noqa: F811
    report = quick_report(tmp_path, 'noop, results')
    assert (tmp_path / 'bench.json').exists()
    assert re.search(r'\| redis \| noop, results \| [\d,]+ \| [\d,]+ \| [\d.]+x \|', report), report
    assert re.search(r'\| redis \| 20x Python = [\d,]+ \| Redis [\d,]+ us \(one thread\) \| [\d,]+ \|', report), report


def test_quick_latency_run_reports_the_floor_and_the_clients_own_cpu_for_both_clients(tmp_path, redis_urls):  # noqa: F811
    report = quick_report(tmp_path, 'latency')
    ms = r'[\d.]+ / [\d.]+ / [\d.]+'
    for client in ("Python Celery's client", "jcelery's Java client"):
        assert re.search(rf'\| redis \| {client} \| {ms} \| {ms} \| {ms} \| {ms} \|', report), report


def test_quick_amqp_run_reports_rabbitmqs_own_drain_rate_and_cpu(tmp_path, redis_urls):  # noqa: F811
    require_service('RabbitMQ', AMQP_HOST, AMQP_PORT)
    report = quick_report(tmp_path, 'noop, results', broker='amqp')
    assert re.search(r'\| amqp \| noop, results \| [\d,]+ \| [\d,]+ \| [\d.]+x \|', report), report
    assert re.search(r'\| drain of 10,000 noop, results messages \(prefetch 256, multiple acks of 64\) '
                     r'\| [\d,]+ \| [\d,]+ \| [\d,]+ \| [\d,]+, [\d,]+ \|', report), report


def test_a_failed_part_of_the_benchmark_is_listed_in_the_report_beside_the_rows_that_ran(tmp_path):
    import json
    import sys
    sys.path.insert(0, str(ROOT / 'bench'))
    from report import write_report
    failure = 'amqp latency: RoundTrips failed (1): warm-up round trip 7 of side jcelery: not ready'
    write_report(tmp_path, [], [], {'Redis LPUSH unpipelined': 50000.0}, 3, [failure])
    report = (tmp_path / 'bench.md').read_text()
    assert '## Failed' in report and failure in report, report
    assert '| Redis LPUSH unpipelined | 50,000 |' in report, report
    assert json.loads((tmp_path / 'bench.json').read_text())['failures'] == [failure]
