"""Applications to ZUS sent through the gateway (relief: instalments or a deferral)."""
