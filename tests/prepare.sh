#!/usr/bin/env bash
# Makes this machine able to run the tests: Debian's Chromium and a CJK font for browser tests,
# and a PostgreSQL server on 127.0.0.1:5432 unless TEST_DATABASE_URL points elsewhere.
# Idempotent and quick when everything is there already.
set -euo pipefail

need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "tests/prepare.sh: please install as root: $*" >&2
    exit 1
  fi
}

apt_updated=""
apt_install() {
  need_root "apt-get install -y $*"
  if [ -z "$apt_updated" ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
# The phone trunk's tests: prompts by TTS (espeak-ng, sox), a real SIP caller (SIPp), a proxy.
command -v espeak-ng >/dev/null 2>&1 || packages+=(espeak-ng)
command -v sox >/dev/null 2>&1 || packages+=(sox libsox-fmt-all)
command -v sipp >/dev/null 2>&1 || packages+=(sip-tester)
command -v kamailio >/dev/null 2>&1 || [ -x /usr/sbin/kamailio ] || packages+=(kamailio)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || packages+=(fonts-wqy-microhei)
if [ ${#packages[@]} -gt 0 ]; then
  echo "tests/prepare.sh: installing ${packages[*]} from Debian" >&2
  apt_install "${packages[@]}"
fi

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
      echo "tests/prepare.sh: installing PostgreSQL from Debian" >&2
      apt_install postgresql
    fi
    need_root "start PostgreSQL"
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    # Tests connect as postgres over TCP without a password, as on the development machines.
    hba=/etc/postgresql/$version/main/pg_hba.conf
    grep -q "^host all all 127.0.0.1/32 trust" "$hba" || sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
    for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
    pg_isready -h 127.0.0.1 -p 5432 >&2
  fi
fi

# The media tests need the mediasoup worker: built once per machine (about 5 minutes on 2 cores),
# cached outside the clone; a second run returns at once. A failure leaves the other tests alone:
# the media tests then fail with the build command in their message.
bash "$(dirname "$0")/../telephony/build_worker.sh" ||
  echo "tests/prepare.sh: the mediasoup worker could not be built (see above); media tests will fail" >&2
