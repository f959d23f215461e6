<?php
/* Plugin Name: Bench: wp_mail does nothing (variant "mail no-op" only) */
add_filter('pre_wp_mail', '__return_true');
