"""What an operator watches: health check, Prometheus metrics, structured log lines."""
