# jiet iSCSI target image for people who build with Docker (or `podman build`). bin/build-image makes the same
# image without a daemon or registry (Debian minbase + jlink runtime + jars, assembled with umoci).
#   docker build -t jiet .
#   docker run --rm -p 3260:3260 jiet                                    # the demo target, 1 GiB sparse LUN 0
#   docker run --rm -p 3260:3260 -v /srv/iet:/etc/iet:ro -v /srv/luns:/srv/luns jiet   # your ietd.conf
# Entrypoint flags pass through to jietd (see packaging/README.md).
ARG DEBIAN_SUITE=bookworm

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -pl target-server -am package \
 && server=target-server/target \
 && modules="$(jdeps --multi-release 25 --ignore-missing-deps --print-module-deps \
                 "$server/jiet-target-server.jar" "$server"/lib/*.jar | tail -n 1)" \
 && case ",$modules," in *,jdk.unsupported,*) ;; *) modules="$modules,jdk.unsupported" ;; esac \
 && jlink --add-modules "$modules" --strip-java-debug-attributes --no-man-pages --no-header-files --compress=zip-6 \
      --output /opt/jiet/runtime \
 && install -m 0644 "$server/jiet-target-server.jar" /opt/jiet/ \
 && install -d /opt/jiet/lib && install -m 0644 "$server"/lib/*.jar /opt/jiet/lib/

FROM debian:${DEBIAN_SUITE}-slim
COPY --from=build /opt/jiet /opt/jiet
COPY packaging/container/jietd-entrypoint /usr/local/bin/jietd
RUN chmod 0755 /usr/local/bin/jietd && install -d -m 0755 /etc/iet /var/lib/jiet /run/jiet
ENV JIET_STATE_DIR=/var/lib/jiet
EXPOSE 3260/tcp
VOLUME /var/lib/jiet
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/jietd"]
