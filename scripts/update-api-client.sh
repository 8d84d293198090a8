#!/usr/bin/env bash
# Regenerates the Kiota client in tests/Crm.ApiClient.Tests/Generated from the live OpenAPI document of a test host,
# after a change to the API. The contract tests fail while the committed client differs from a fresh generation.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build tests/Crm.ApiClient.Tests -c Release -nologo -v quiet
ECRM_UPDATE_API_CLIENT=1 dotnet test tests/Crm.ApiClient.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~GeneratedClientTests"
dotnet build tests/Crm.ApiClient.Tests -c Release -nologo -v quiet
echo "Regenerated tests/Crm.ApiClient.Tests/Generated"
