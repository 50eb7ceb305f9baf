"""sonla_forecast."""
