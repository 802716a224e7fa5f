#!/usr/bin/env bash
# Wave benchmarks against the packaged scheduler in its own process (real PostgreSQL and Kafka from local-stack):
#   1. a wave of 1,000 machines with 3 disks each, planned (dry run) and accepted;
#   2. progress events of 200 disks at once, one a second each, for 60 s: the delay from event to applied, and the
#      consumer lag;
#   3. GET /api/v1/jobs/{id} under wrk (Debian's wrk), 2 threads, 4 to 64 connections, 30 s each, while the progress
#      load goes on and after it stopped; then the liveness check for comparison (what this machine gives now).
# Prints figures; asserts nothing. Arguments: machines (1000), disks per machine (3), concurrent disks (200),
# seconds of progress (60), seconds of wrk (30).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl scheduler-service -am package -DskipTests
./mvnw -B -q -pl scheduler-service -am test-compile -DskipTests
./mvnw -B -q -pl scheduler-service dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
    -Dmdep.includeScope=test
cd scheduler-service
java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    dev.ferry.scheduler.bench.WaveBenchmark "$@"
