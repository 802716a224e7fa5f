#!/usr/bin/env bash
# Run once by the postgres image when it creates the database: a login role per Ferry service, each allowed to create
# its own schema (Flyway does, on the service's first start) and nothing else.
set -euo pipefail
for service in INVENTORY SCHEDULER CONVERSION; do
  user_var="FERRY_${service}_DB_USER"
  password_var="FERRY_${service}_DB_PASSWORD"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v role="${!user_var}" -v password="${!password_var}" -v database="$POSTGRES_DB" \
    -f /docker-entrypoint-initdb.d/ferry-role.psql
done
