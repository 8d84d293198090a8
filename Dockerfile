# eCRM web host. Build: docker build -t ecrm . (docker-compose.yml does this for you)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Crm.Web/Crm.Web.csproj -c Release -o /app/web \
 && dotnet publish src/Crm.Cli/Crm.Cli.csproj -c Release -o /app/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app/web ./
COPY --from=build /app/cli ./cli/
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Logging__FileDirectory=/app/logs
EXPOSE 8080
# The command line ships beside the app: docker compose exec app dotnet cli/crm.dll users add --email ... --role Admin
ENTRYPOINT ["dotnet", "Crm.Web.dll"]
