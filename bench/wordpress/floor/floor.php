<?php echo "Hello, floor.";
