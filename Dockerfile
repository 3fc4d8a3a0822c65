# CustomerChat broker image: build with the .NET SDK, run on the ASP.NET Core runtime as a non-root user.
#   docker build -t customerchat .
#   docker run -p 8080:8080 -e CustomerChat__Auth__SigningKey=... -e CustomerChat__Redis__Configuration=redis:6379 customerchat
# docker-compose.yml runs two of these behind nginx with one Redis (docs/SCALING.md).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files only, so the layer is reused until a dependency changes.
COPY Directory.Build.props ./
COPY src/Protocol/CustomerChat.Protocol.csproj src/Protocol/
COPY src/Broker/CustomerChat.Broker.csproj src/Broker/
RUN dotnet restore src/Broker/CustomerChat.Broker.csproj

# The sources, and the pages (web/static), which the broker project publishes into wwwroot.
COPY src/Protocol/ src/Protocol/
COPY src/Broker/ src/Broker/
COPY web/static/ web/static/
RUN dotnet publish src/Broker/CustomerChat.Broker.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
# The unprivileged user the .NET images provide (uid 1654); port 8080 needs no privilege.
USER $APP_UID
ENTRYPOINT ["dotnet", "CustomerChat.Broker.dll"]
