#!/bin/bash
# Sets the WordPress peer up on Debian 12, as root (README.md, steps 1-7). Run again,
# it skips what is done; it ends with nginx and php-fpm running.
set -euo pipefail

KIT=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$KIT/../.." && pwd)
CONFIG=/etc/wordpress/config-127.0.0.1.php
POOL=/etc/php/8.2/fpm/pool.d/www.conf
SITE=/etc/nginx/sites-available/wp-bench
MU=/var/lib/wordpress/wp-content/mu-plugins
# `php` makes apt satisfy wordpress's `libapache2-mod-php | php` with php8.2-fpm,
# not Apache's module; Debian's wordpress ships no theme.
PACKAGES=(wordpress php php8.2-fpm php8.2-mysql php8.2-opcache nginx
  wordpress-theme-twentytwentyone mariadb-server wrk curl)

if [ "$(id -u)" != 0 ]; then
  echo "setup.sh runs as root" >&2
  exit 1
fi

echo "==> 1. Packages"
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} = 0 ]; then
  echo "all installed"
else
  apt-get update -qq
  apt-get install -y --no-install-recommends "${missing[@]}"
fi
# nginx and php-fpm (www-data) read the floor, the sendmail and the mu-plugins here.
if ! runuser -u www-data -- test -r "$KIT/floor/floor.php" -a -x "$KIT/null-sendmail"; then
  echo "www-data cannot read $KIT: clone the repository where it can" >&2
  exit 1
fi
mysqladmin ping >/dev/null 2>&1 || /etc/init.d/mariadb start

echo "==> 2. Database wordpress and its user"
if [ -e "$CONFIG" ]; then
  password=$(sed -n "s/^define('DB_PASSWORD', '\(.*\)');$/\1/p" "$CONFIG")
  if [ -z "$password" ]; then
    echo "no DB_PASSWORD found in $CONFIG" >&2
    exit 1
  fi
else
  password=$(head -c 18 /dev/urandom | base64 -w0 | tr '+/' '-_')
fi
if MYSQL_PWD=$password mysql -h127.0.0.1 -uwordpress wordpress -e 'SELECT 1' >/dev/null 2>&1; then
  echo "there"
else
  mysql <<SQL
CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE OR REPLACE USER 'wordpress'@'localhost' IDENTIFIED BY '$password';
CREATE OR REPLACE USER 'wordpress'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL ON wordpress.* TO 'wordpress'@'localhost';
GRANT ALL ON wordpress.* TO 'wordpress'@'127.0.0.1';
SQL
  echo "created"
fi

echo "==> 3. Configuration files"
if [ -e "$CONFIG" ]; then
  echo "$CONFIG: there, kept"
else
  salts=()
  for key in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY \
    AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
    salts+=(-e "s|@$key@|$(head -c 48 /dev/urandom | base64 -w0 | tr '+/' '-_')|")
  done
  (umask 027 && sed -e "s|@DB_PASSWORD@|$password|" "${salts[@]}" \
    "$KIT/conf/config-127.0.0.1.php.in" >"$CONFIG")
  chgrp www-data "$CONFIG"
  echo "$CONFIG: written, with a generated password and salts"
fi
# Debian's pool, kept once: its package holds no other copy.
if [ ! -e "$POOL.debian-original" ] && ! grep -q "WordPress peer" "$POOL"; then
  cp "$POOL" "$POOL.debian-original"
fi
changed=
place() { # a template of conf/ with this kit's path, where it goes
  local rendered
  rendered=$(sed "s|@KIT@|$KIT|g" "$KIT/conf/$1")
  if [ "$rendered" = "$(cat "$2" 2>/dev/null)" ]; then
    echo "$2: up to date"
  else
    printf '%s\n' "$rendered" >"$2"
    echo "$2: written"
    changed=1
  fi
}
place www.conf "$POOL"
place wp-bench.nginx "$SITE"
if [ "$(readlink /etc/nginx/sites-enabled/wp-bench || true)" != "$SITE" ]; then
  ln -sfn "$SITE" /etc/nginx/sites-enabled/wp-bench
  changed=1
fi
if [ -e /etc/nginx/sites-enabled/default ]; then
  rm /etc/nginx/sites-enabled/default
  changed=1
fi

echo "==> 4. WordPress install"
php "$KIT/install.php"

echo "==> 5. The three reference threads"
threads=$ROOT/../shared/bench
if [ ! -d "$threads" ]; then
  threads=$ROOT/../../shared/bench # a worktree is one level further down
fi
# In this order: run.sh's restore_thread.sh relies on the comment ids it gives.
for n in 27 1000 10000; do
  python3 "$KIT/wxr_to_json.py" "$threads/thread-$n.wxr" | php "$KIT/import.php" php://stdin
done

echo "==> 6. mu-plugins"
mkdir -p "$MU"
if [ "$(readlink "$MU/no-flood.php" || true)" = "$KIT/mu-plugins/no-flood.php" ]; then
  echo "no-flood.php: linked"
else
  ln -sfn "$KIT/mu-plugins/no-flood.php" "$MU/no-flood.php"
  echo "no-flood.php: linked now"
fi

echo "==> 7. php-fpm and nginx"
nginx -t -q
for service in php8.2-fpm nginx; do
  if ! /etc/init.d/$service status >/dev/null; then
    /etc/init.d/$service start >/dev/null
    echo "$service: started"
  elif [ -n "$changed" ]; then
    /etc/init.d/$service restart >/dev/null
    echo "$service: restarted"
  else
    echo "$service: running"
  fi
done
