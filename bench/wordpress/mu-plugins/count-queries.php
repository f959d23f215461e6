<?php
/* Plugin Name: Bench: log the SQL queries of each request (query count only; needs SAVEQUERIES) */
add_action('shutdown', function () {
    global $wpdb;
    $n = is_array($wpdb->queries) ? count($wpdb->queries) : -1;
    $line = sprintf("%s\tqueries=%d\tnum_queries=%d\n", $_SERVER['REQUEST_URI'] ?? '-', $n, $wpdb->num_queries);
    if (is_array($wpdb->queries)) {
        foreach ($wpdb->queries as $q) $line .= "\t" . preg_replace('/\s+/', ' ', $q[0]) . "\n";
    }
    file_put_contents('/tmp/wp-queries.log', $line, FILE_APPEND | LOCK_EX);
}, PHP_INT_MAX);
