def load_needs_demo(base: dict) -> None:
    """Filled in below."""
