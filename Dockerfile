# syntax=docker/dockerfile:1
# Two stages: build every executable with the Swift toolchain, then run them on a slim Debian that carries only the
# runtime libraries (libpq, hiredis, libcurl). The Swift runtime is linked statically.

FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq-dev libhiredis-dev libcurl4-openssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
# One build of every product: `swift build` takes a single --product, and they share most of their modules.
# The resource bundles (the API's OpenAPI document) go next to the executables, where `Bundle.module` looks.
RUN swift build -c release --static-swift-stdlib \
    && mkdir -p /out \
    && bin="$(swift build -c release --show-bin-path)" \
    && cp "$bin/taskbridge-api" "$bin/taskbridge-worker" "$bin/taskbridge" "$bin/trello-sandbox" "$bin/slack-sandbox" /out/ \
    && cp -R "$bin"/*.resources /out/

FROM debian:bookworm-slim
# curl is for the health checks in docker-compose.yml (libcurl4 is here anyway, so it adds little).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 libhiredis0.14 libcurl4 curl ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app taskbridge
WORKDIR /app
COPY --from=build /out/ /usr/local/bin/
COPY migrations ./migrations
ENV MIGRATIONS_DIR=/app/migrations \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080
USER 10001
EXPOSE 8080
CMD ["taskbridge-api"]
