# Sourced by bench.sh and ablate.sh (with $root and $here set): picks the JDK, builds the server's
# test classpath (the dev run) and the driver's, and sets $java. Not meant to be run on its own.
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
server_classpath="$root/target/test-classes:$root/target/classes"
driver_classpath="$here/target/classes"

build_server_and_driver() {
  (cd "$root" && ./mvnw -q -B -DskipTests -Dspring-javaformat.skip=true test-compile \
    dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt)
  (cd "$here" && ../mvnw -q -B compile dependency:build-classpath -DincludeScope=runtime \
    -Dmdep.outputFile=target/classpath.txt)
  server_classpath="$server_classpath:$(cat "$root/target/bench-classpath.txt")"
  driver_classpath="$driver_classpath:$(cat "$here/target/classpath.txt")"
}
