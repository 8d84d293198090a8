#!/usr/bin/env bash
# Adds a migration NAME to both providers' migrations assemblies (run from the repository root).
# The design-time factory in Crm.Web picks the provider from Database__Provider.
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer; do
  Database__Provider=$provider dotnet ef migrations add "$name" \
    --project "src/Crm.Migrations.$provider" --startup-project src/Crm.Web \
    --context CrmDbContext --output-dir Migrations
done
