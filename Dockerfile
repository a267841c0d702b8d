# The one `cameras` binary, every role; docker-compose.yml picks roles per service.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm fetches the dashboard's browser libraries (@microsoft/signalr, hls.js) at build time; they are embedded.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/Cameras/Cameras.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg fonts-dejavu-core nginx libnginx-mod-rtmp srt-tools && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
RUN useradd --system --uid 10001 cameras && mkdir -p /data && chown cameras /data
USER cameras
ENV Cameras__Data=/data
EXPOSE 8080
HEALTHCHECK CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q 200 <&3"]
ENTRYPOINT ["dotnet", "cameras.dll"]
CMD ["serve", "--urls", "http://0.0.0.0:8080"]
