# evident in a container: `docker build -t evident .`, then
# `docker run --rm -v "$PWD/evidence:/evidence:ro" evident check`.
# The builder and the runtime are the same Debian release, so the binary
# finds the C library it was linked against.
FROM rust:1-slim-bookworm AS build
WORKDIR /src
# What the crate's package holds but for the unit tests' fixture
# (tests/it/integrations.rs keeps these lines in step with `cargo package
# --list`); .dockerignore leaves the packs' test fixtures out.
COPY Cargo.toml Cargo.lock build.rs README.md ./
COPY src src
COPY standards standards
COPY templates templates
COPY schema schema
RUN cargo build --release --locked --bin evident

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin evident
COPY --from=build /src/target/release/evident /usr/local/bin/evident
USER 10001:10001
WORKDIR /evidence
ENTRYPOINT ["evident"]
CMD ["check", "."]
