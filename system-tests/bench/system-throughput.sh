#!/usr/bin/env bash
# System throughput (prints figures, asserts nothing), against the packaged services in their own processes with real
# PostgreSQL and Kafka from local-stack (see SystemThroughputBenchmark):
#   1. one large disk (4 GiB) through the whole system (API -> Kafka -> worker -> verified target) and through
#      bin/ferry-disk convert --verify, and the ratio of their speeds;
#   2. a wave of many small disks with one worker, then with two.
# Arguments: large disk GiB (4), small disks per wave (24), small disk MiB (32). Needs qemu-img and ~10 GB free.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q install -DskipTests -pl system-tests -am
./mvnw -B -q -pl system-tests dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
    -Dmdep.includeScope=test
java -Dferry.project.root="$PWD" \
    -cp "system-tests/target/test-classes:$(cat system-tests/target/bench.classpath)" \
    dev.ferry.system.SystemThroughputBenchmark "$@"
