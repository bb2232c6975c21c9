"""Developer tools: serving the stack, terminal chat entry points, benchmarks."""
