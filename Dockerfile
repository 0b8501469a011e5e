# Multi-stage build: compile with the Maven wrapper, run on a JRE 21 as a non-root user.
# Generational ZGC (a flag on 21, the default from 23): short pauses with the live hub's churn of small buffers.
# The image holds no embedded Redis or PostgreSQL: those are test-scope only.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests package && cp target/flashgroup-*.jar /app.jar

FROM eclipse-temurin:21-jre
RUN groupadd --system flashgroup && useradd --system --gid flashgroup --home-dir /app flashgroup \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app.jar app.jar
COPY config/application-prod.yml config/application-cluster.yml config/
USER flashgroup
EXPOSE 8080 8081
ENV SPRING_PROFILES_ACTIVE=prod \
    JAVA_TOOL_OPTIONS="-XX:+UseZGC -XX:+ZGenerational -XX:MaxRAMPercentage=75"
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD curl -fsS http://127.0.0.1:${MANAGEMENT_PORT:-8081}/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-jar", "app.jar"]
