#!/usr/bin/env bash
# Capacity planning benchmark: places 10,000 generated machines (or $1) on hosts of a few shapes and prints the time
# taken and the hosts used against the lower bound. Prints figures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl scheduler-service -am test-compile -DskipTests
./mvnw -B -q -pl scheduler-service dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
    -Dmdep.includeScope=test
cd scheduler-service
java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    dev.ferry.scheduler.bench.PlacementBenchmark "${1:-10000}"
