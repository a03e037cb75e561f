# Sourced by ./sealpost, ./run-tests and .ci/run: sets JAVA_HOME to a JDK >= 21.
# Order: $JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/*, newest first.

sealpost_java_major() {
  # Prints the major version of the java binary given, or nothing.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

sealpost_find_jdk() {
  local candidates=() dir java major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    java=$(readlink -f "$(command -v java)")
    candidates+=("$(dirname "$(dirname "$java")")")
  fi
  for dir in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidates+=("${dir%/}")
  done
  for dir in "${candidates[@]}"; do
    java="$dir/bin/java"
    [ -x "$java" ] || continue
    major=$(sealpost_java_major "$java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      # javac is needed to build; a JRE alone only runs an already built jar.
      if [ "${1:-}" != "--runtime" ] && [ ! -x "$dir/bin/javac" ]; then
        continue
      fi
      export JAVA_HOME="$dir"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "sealpost: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm)." >&2
  echo "sealpost: install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, or set JAVA_HOME." >&2
  return 1
}
