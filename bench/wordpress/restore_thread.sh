#!/bin/bash
# Deletes the comments posted since the import (ids above its last, 11028) and their
# meta: each posting run writes into the same 1,000-comment thread (post 1003).
set -euo pipefail

LAST=11028
mysql wordpress <<SQL
DELETE FROM wp_commentmeta WHERE comment_id > $LAST;
DELETE FROM wp_comments WHERE comment_ID > $LAST;
SQL
read -r total thread < <(mysql -N wordpress -e \
  "SELECT COUNT(*), SUM(comment_post_ID = 1003) FROM wp_comments")
# Other ids than the import's (setup.sh's order, a fresh database) would make the
# DELETE above wrong: said rather than measured.
if [ "$total" != $LAST ] || [ "$thread" != 1000 ]; then
  echo "restore_thread.sh: $total comments, $thread in thread-1000;" \
    "the import leaves $LAST and 1000" >&2
  exit 1
fi
