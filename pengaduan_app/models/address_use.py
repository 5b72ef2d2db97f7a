"""Requests per client address per minute for endpoints that are limited by address (e.g. the place search)."""

from sqlmodel import Field, SQLModel


class AddressUse(SQLModel, table=True):
    """How many requests one address (a keyed hash, never the address) made to one endpoint (`scope`) in one
    minute (minutes since the epoch): counted in the database so that the limit holds across every worker."""

    __tablename__ = "address_use"

    scope: str = Field(max_length=20, primary_key=True)
    address_hash: str = Field(max_length=32, primary_key=True)
    minute: int = Field(primary_key=True, index=True)
    count: int = 0
