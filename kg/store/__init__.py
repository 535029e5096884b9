"""Graph stores: open and load, the query library, the endpoint, push, validate."""
