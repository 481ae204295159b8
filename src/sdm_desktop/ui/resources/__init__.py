"""Resources view: the library, offline copies and who each resource was shared with."""
