<?php
// Helpers of pingbacks.sh, run as `php pingback_wp.php COMMAND ARGS` with WordPress
// loaded for the kit's site (HTTP_HOST 127.0.0.1, as import.php).
$_SERVER['HTTP_HOST'] = '127.0.0.1';
define('WP_USE_THEMES', false);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-includes/comment.php';

[$_, $command] = $argv;
if ($command === 'permalink') {             // permalink POST_ID
    echo get_permalink((int) $argv[2]), "\n";
} elseif ($command === 'pingbacks') {       // pingbacks POST_ID SOURCE: the stored ones
    foreach (get_comments(array('post_id' => (int) $argv[2], 'type' => 'pingback')) as $c) {
        if ($c->comment_author_url === $argv[3]) {
            printf("%d\t%s\t%s\t%s\n", $c->comment_ID, $c->comment_approved,
                   $c->comment_author, $c->comment_content);
        }
    }
} elseif ($command === 'delete-pingbacks') { // delete-pingbacks POST_ID SOURCE
    foreach (get_comments(array('post_id' => (int) $argv[2], 'type' => 'pingback')) as $c) {
        if ($c->comment_author_url === $argv[3]) {
            wp_delete_comment($c->comment_ID, true);
        }
    }
} elseif ($command === 'publish-and-ping') { // publish-and-ping URL: a post linking to URL
    wp_set_current_user(1);
    $content = '<p>A WordPress post that links to <a href="' . esc_url($argv[2])
        . '">a post on Colloquy</a>, to ping it.</p>';
    $id = wp_insert_post(array('post_title' => 'Pinging Colloquy', 'post_content' => $content,
                               'post_status' => 'publish'));
    pingback($content, $id);                 // what the do_pings cron event would do
    echo $id, "\t", get_permalink($id), "\n";
} elseif ($command === 'delete-post') {      // delete-post POST_ID
    wp_delete_post((int) $argv[2], true);
}
