"""The instructor's panel: a browser page served by ``bmm host`` (rooms, saves, notebooks,
the entity map, content reload, digests), behind an access token."""
