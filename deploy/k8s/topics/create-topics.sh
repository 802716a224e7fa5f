#!/usr/bin/env bash
# Creates Ferry's topics (topics.conf beside this script) in a Kafka cluster; topics that exist are left as they are.
# Runs anywhere kafka-topics.sh does: in the dev overlay as the ferry-create-topics Job, or by hand:
#
#   KAFKA_BOOTSTRAP_SERVERS=kafka-0.example:9092 REPLICATION_FACTOR=3 MIN_INSYNC_REPLICAS=2 \
#     KAFKA_TOPICS=/opt/kafka/bin/kafka-topics.sh deploy/k8s/topics/create-topics.sh
#
# SASL: set KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM and KAFKA_SASL_JAAS_CONFIG as for the services (the
# ferry-kafka-credentials Secret); TLS with a private CA: KAFKA_SSL_TRUSTSTORE_TYPE=PEM and
# KAFKA_SSL_TRUSTSTORE_LOCATION.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
topics_file=${TOPICS_FILE:-$here/topics.conf}
bootstrap=${KAFKA_BOOTSTRAP_SERVERS:?set KAFKA_BOOTSTRAP_SERVERS}
replication=${REPLICATION_FACTOR:-1}
kafka_topics=${KAFKA_TOPICS:-kafka-topics.sh}
wait_seconds=${WAIT_SECONDS:-300}

client=$(mktemp)
trap 'rm -f "$client"' EXIT
for setting in SECURITY_PROTOCOL SASL_MECHANISM SASL_JAAS_CONFIG SSL_TRUSTSTORE_TYPE SSL_TRUSTSTORE_LOCATION; do
  variable="KAFKA_$setting"
  if [[ -n ${!variable:-} ]]; then
    key=$(tr 'A-Z_' 'a-z.' <<<"$setting")
    printf '%s=%s\n' "$key" "${!variable}" >>"$client"
  fi
done

deadline=$((SECONDS + wait_seconds))
until "$kafka_topics" --bootstrap-server "$bootstrap" --command-config "$client" --list >/dev/null 2>&1; do
  if ((SECONDS >= deadline)); then
    echo "create-topics: Kafka at $bootstrap did not answer within $wait_seconds s" >&2
    exit 1
  fi
  echo "create-topics: waiting for Kafka at $bootstrap"
  sleep 5
done

while read -r name partitions settings; do
  [[ -z $name || $name == \#* ]] && continue
  arguments=(--bootstrap-server "$bootstrap" --command-config "$client" --create --if-not-exists
    --topic "$name" --partitions "$partitions" --replication-factor "$replication")
  IFS=, read -ra pairs <<<"$settings"
  for pair in "${pairs[@]}"; do arguments+=(--config "$pair"); done
  if [[ -n ${MIN_INSYNC_REPLICAS:-} ]]; then arguments+=(--config "min.insync.replicas=$MIN_INSYNC_REPLICAS"); fi
  "$kafka_topics" "${arguments[@]}"
  echo "create-topics: $name ($partitions partitions, replication $replication, $settings)"
done <"$topics_file"
