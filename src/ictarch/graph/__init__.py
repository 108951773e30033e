"""Graph algorithms over the architecture's dependencies."""
