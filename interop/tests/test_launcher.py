"""bin/jcelery: the Java version it requires, its JVM defaults (the parallel collector unless the
user's options pick one, smaller C2 inlining), and a class-data archive that the first worker run
writes at exit and later worker runs map."""
import os
import re
import shutil

import pytest

from conftest import JAR, JCELERY, SAMPLES, Process, jcelery, unique, write_config


def stub_jdk(tmp_path, release=None, properties_version=None):
    """A JAVA_HOME whose bin/java only prints `java.specification.version = ...` when asked for its
    settings and records every call; `release` is the JDK's release file, or none."""
    home = tmp_path / 'jdk'
    (home / 'bin').mkdir(parents=True)
    java = home / 'bin' / 'java'
    java.write_text('#!/bin/sh\n'
                    f'echo "$@" >> {tmp_path / "calls"}\n'
                    f'echo "    java.specification.version = {properties_version}" >&2\n')
    java.chmod(0o755)
    if release is not None:
        (home / 'release').write_text(release)
    return home


def test_a_jdk_older_than_17_is_refused_from_its_release_file_without_starting_it(tmp_path):
    home = stub_jdk(tmp_path, release='IMPLEMENTOR="Example"\nJAVA_VERSION="11.0.21"\n')
    done = jcelery('--version', env_extra={'JAVA_HOME': str(home)})
    assert done.returncode == 127
    assert 'is Java 11.0.21; jcelery needs Java 17 or newer' in done.stderr
    assert not (tmp_path / 'calls').exists()


def test_a_jdk_without_a_release_file_is_asked_for_its_version(tmp_path):
    home = stub_jdk(tmp_path, properties_version='1.8')
    done = jcelery('--version', env_extra={'JAVA_HOME': str(home)})
    assert done.returncode == 127
    assert 'is Java 1.8; jcelery needs Java 17 or newer' in done.stderr
    assert '-XshowSettings:properties -version' in (tmp_path / 'calls').read_text()


def jvm_flags(opts):
    done = jcelery('--version', env_extra={'JCELERY_JAVA_OPTS': f'{opts} -XX:+PrintFlagsFinal'})
    assert done.returncode == 0, done.stderr
    return dict(re.findall(r'^\s*\S+\s+(\w+)\s+=\s+(\S+)', done.stdout, re.M))


def test_the_defaults_are_the_parallel_collector_gc_time_ratio_19_and_smaller_inlining():
    flags = jvm_flags('')
    assert flags['UseParallelGC'] == 'true'
    assert flags['GCTimeRatio'] == '19'
    assert flags['FreqInlineSize'] == '100'


def test_the_users_inlining_size_replaces_the_default():
    assert jvm_flags('-XX:FreqInlineSize=325')['FreqInlineSize'] == '325'


@pytest.mark.parametrize('variable', ['JCELERY_JAVA_OPTS', 'JAVA_TOOL_OPTIONS', 'JDK_JAVA_OPTIONS'])
def test_a_collector_in_the_users_options_replaces_the_default(variable):
    env = {'JCELERY_JAVA_OPTS': '-Xlog:gc:stderr'}
    env[variable] = ('-XX:+UseSerialGC ' + env.get(variable, '')).strip()
    done = jcelery('--version', env_extra=env)
    assert done.returncode == 0, done.stderr  # not 'Multiple garbage collectors selected'
    assert 'Using Serial' in done.stderr


def run_worker(tmp_path, jar, name, redis_urls, **env):
    config = write_config(tmp_path / f'{name}.yaml', *redis_urls)
    cmd = [str(JCELERY), '--classpath', str(SAMPLES), '-A', 'io.jcelery.samples.InteropTasks',
           '--config', str(config), 'worker', '-Q', unique('launcher'), '-l', 'INFO']
    worker = Process(cmd, tmp_path / f'{name}.log', env=dict(os.environ, JCELERY_JAR=str(jar), **env))
    worker.wait_for_log(r'ready\.')
    assert worker.terminate() == 0, worker.output()[-3000:]
    return worker


def test_the_first_worker_run_writes_a_class_archive_that_the_next_run_maps(tmp_path, redis_urls):
    jar = tmp_path / 'jcelery.jar'
    shutil.copy2(JAR, jar)

    first = run_worker(tmp_path, jar, 'first', redis_urls)

    assert len(list(tmp_path.glob('jcelery-*.jsa'))) == 1, first.output()[-3000:]
    classes = tmp_path / 'classes.log'
    run_worker(tmp_path, jar, 'second', redis_urls,
               JCELERY_JAVA_OPTS=f'-Xlog:class+load=info:file={classes}')
    assert re.search(r'io\.jcelery\.worker\.Worker source: shared objects file \(top\)',
                     classes.read_text())


def test_jcelery_cds_0_writes_no_archive(tmp_path, redis_urls):
    jar = tmp_path / 'jcelery.jar'
    shutil.copy2(JAR, jar)

    run_worker(tmp_path, jar, 'no-cds', redis_urls, JCELERY_CDS='0')

    assert not list(tmp_path.glob('jcelery-*.jsa*'))
