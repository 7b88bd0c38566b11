#!/usr/bin/env bash
# The README's command shapes, typed as a newcomer types them: `./clip`, `./clip host VERB` from the
# repository root and from another folder with relative paths, --help and a bad option. Each check
# names the README line it stands for. .ci/run runs this before the test suite; the example session
# and the seed example run against the service in tests/Documentation/ReadmeSessionTests.
set -uo pipefail
cd "$(dirname "$0")/../.."

failures=0
check() { # check EXPECTED_EXIT DESCRIPTION -- COMMAND...
  local expected=$1 what=$2 out status
  shift 3
  out=$("$@" 2>&1)
  status=$?
  if [ "$status" = "$expected" ]; then
    echo "ok   $what"
  else
    echo "FAIL $what: exit $status, expected $expected"
    printf '%s\n' "$out" | sed 's/^/     /' | tail -n 20
    failures=$((failures + 1))
  fi
}
contains() { # contains TEXT DESCRIPTION -- COMMAND...
  local text=$1 what=$2 out
  shift 3
  out=$("$@" 2>&1)
  if printf '%s\n' "$out" | grep -qF -- "$text"; then
    echo "ok   $what"
  else
    echo "FAIL $what: output lacks '$text'"
    printf '%s\n' "$out" | sed 's/^/     /' | tail -n 20
    failures=$((failures + 1))
  fi
}

check 0 "./clip --help" -- ./clip --help
check 2 "./clip alone asks for a command" -- ./clip
check 0 "./clip host --help lists the verbs" -- ./clip host --help
# Every verb's --help is checked against the built host in HostCommandLineTests; one here.
check 0 "./clip host seed --help" -- ./clip host seed --help
check 2 "./clip host migrate --no-such-option is a usage error" -- ./clip host migrate --no-such-option
contains "OK" "./clip host replay tests/histories/one-asset-completed.json (from the root)" -- \
  ./clip host replay tests/histories/one-asset-completed.json
contains "OK" "../clip host replay histories/one-asset-completed.json (from tests/)" -- \
  bash -c 'cd tests && ../clip host replay histories/one-asset-completed.json'
contains "$PWD/no-such-history.json" "./clip host replay of a missing file names it where the user stands" -- \
  ./clip host replay no-such-history.json

if [ "$failures" -gt 0 ]; then
  echo "readme-commands: $failures check(s) failed"
  exit 1
fi
echo "readme-commands: every check held"
