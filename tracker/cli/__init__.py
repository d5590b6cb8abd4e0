"""The `kratom-tracker` command line: thin click commands over the services."""
