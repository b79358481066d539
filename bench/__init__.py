"""The dashboard benchmark: seeds a province, serves it with gunicorn and measures it over HTTP (`bench/run`)."""
