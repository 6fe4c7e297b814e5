"""Small student engines for autograd.testing.check_engine: two right ones (edges, closures) and one
broken engine per classic bug, each differing from the right edges engine in that one place."""
