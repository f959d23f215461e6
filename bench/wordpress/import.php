<?php
// php import.php FILE.json [FILE.json ...]   (FILE.json from wxr_to_json.py; php://stdin reads a pipe)
// Creates each post with wp_insert_post (keeping its WXR post id via import_id, as the WordPress
// importer does) and each comment with wp_insert_comment, mapping wp:comment_id to the new
// comment ids for comment_parent. Keeps approved status, author, email, URL, IP, dates, content.
// A post whose id is already taken is skipped with its comments: the import can be run again.
$_SERVER['HTTP_HOST'] = '127.0.0.1:8081';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require '/usr/share/wordpress/wp-load.php';
wp_set_current_user(1);            // as an administrator running the importer (unfiltered_html)
wp_defer_comment_counting(true);   // as the importer does
foreach (array_slice($argv, 1) as $file) {
    $posts = json_decode(file_get_contents($file), true);
    foreach ($posts as $p) {
        if (get_post($p['post_id'])) {
            printf("post %d (%s): already there, skipped\n", $p['post_id'], $p['post_name']);
            continue;
        }
        $t0 = microtime(true);
        $postdata = [
            'import_id' => $p['post_id'], 'post_author' => 1,
            'post_date' => $p['post_date'], 'post_date_gmt' => $p['post_date_gmt'],
            'post_content' => $p['post_content'], 'post_excerpt' => $p['post_excerpt'],
            'post_title' => $p['post_title'], 'post_status' => $p['post_status'],
            'post_name' => $p['post_name'], 'comment_status' => $p['comment_status'],
            'ping_status' => $p['ping_status'], 'guid' => $p['guid'],
            'post_type' => $p['post_type'], 'post_password' => $p['post_password'],
        ];
        $post_id = wp_insert_post(wp_slash($postdata), true);
        if (is_wp_error($post_id)) { fwrite(STDERR, $post_id->get_error_message() . "\n"); exit(1); }
        $map = [];
        foreach ($p['comments'] as $c) {   // parents come before their replies in the export
            $parent = (int) $c['comment_parent'];
            if ($parent && !isset($map[$parent])) { fwrite(STDERR, "parent $parent not yet imported\n"); exit(1); }
            $new = wp_insert_comment(wp_slash([
                'comment_post_ID' => $post_id,
                'comment_author' => $c['comment_author'],
                'comment_author_email' => $c['comment_author_email'],
                'comment_author_url' => $c['comment_author_url'],
                'comment_author_IP' => $c['comment_author_IP'],
                'comment_date' => $c['comment_date'],
                'comment_date_gmt' => $c['comment_date_gmt'],
                'comment_content' => $c['comment_content'],
                'comment_approved' => $c['comment_approved'],
                'comment_type' => $c['comment_type'],
                'comment_parent' => $parent ? $map[$parent] : 0,
                'user_id' => (int) $c['comment_user_id'],
            ]));
            if (!$new) { fwrite(STDERR, "comment {$c['comment_id']} failed\n"); exit(1); }
            $map[(int) $c['comment_id']] = $new;
        }
        wp_update_comment_count_now($post_id);
        printf("%s: post %d (%s) %d comments, %.1f s, %s\n", $file, $post_id, get_permalink($post_id),
            get_comments_number($post_id), microtime(true) - $t0, get_post_field('post_name', $post_id));
    }
}
wp_defer_comment_counting(false);
