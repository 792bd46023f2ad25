"""The journalist directory: who writes for which outlet, on what, and how to reach them."""
