"""The Flask front end and JSON API."""
