# One image for every role of Geopera Clip: the host is the entrypoint, so the command picks the verb.
#   docker build -t geopera-clip .
#   docker run geopera-clip serve --roles api          (or worker,warp; migrate; seed FILE; replay FILE)
# The service binds GDAL 3.6 as Debian 12's libgdal.so.32, so the runtime stage is Debian 12 with
# the ASP.NET Core runtime copied from Microsoft's image (whose own .NET 10 tags are newer distributions).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY workflows/Geopera.Clip.Workflows.csproj workflows/
COPY activities/Geopera.Clip.Activities.csproj activities/
COPY host/Geopera.Clip.Host.csproj host/
RUN dotnet restore host/Geopera.Clip.Host.csproj
COPY workflows/ workflows/
COPY activities/ activities/
COPY host/ host/
RUN dotnet publish host/Geopera.Clip.Host.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS aspnet

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgdal32 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /home/clip clip \
 && mkdir -p /data/storage /data/sources /tmp/clip-warp && chown -R clip /data /tmp/clip-warp
COPY --from=aspnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
WORKDIR /app
COPY --from=build /app ./
USER clip
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_gcServer=1 \
    Storage__LocalRoot=/data/storage \
    Raster__TempDirectory=/tmp/clip-warp
EXPOSE 8080 9464
ENTRYPOINT ["dotnet", "/app/Geopera.Clip.Host.dll"]
CMD ["serve"]
