"""What a service says when a request cannot be carried out."""


class ServiceError(Exception):
    """A request that cannot be carried out; the message says why."""
