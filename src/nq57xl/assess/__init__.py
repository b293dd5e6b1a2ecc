"""What a commune's tasks mean as of a date: each task's status and the commune's figures."""
