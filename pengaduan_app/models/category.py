from __future__ import annotations

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Category(SQLModel, table=True):
    """A kind of problem citizens can report, e.g. `jalan_rusak`; admins edit it at /staf/kategori."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True, index=True)
    name_id: str = Field(max_length=80)
    name_en: str = Field(max_length=80)
    icon: str = Field(default="circle-alert", max_length=40)
    color: str = Field(default="#64748b", max_length=9)
    sla_days: int = Field(default=5, description="Target in working days")
    sort_order: int = Field(default=0)
    active: bool = Field(default=True)
    agency: str | None = Field(default=None, max_length=40, description="City-wide: handled by this dinas")


class CategoryQuestion(SQLModel, table=True):
    """An extra question a category asks (an Open311 service attribute); answers live in report_attribute.
    `choices` is JSON: a list of {"key", "name_id", "name_en"} for a list question, [] for a number."""

    __tablename__ = "category_question"
    __table_args__ = (UniqueConstraint("category_id", "code", name="uq_category_question_code"),)

    id: int | None = Field(default=None, primary_key=True)
    category_id: int = Field(foreign_key="category.id", index=True)
    code: str = Field(max_length=40)
    datatype: str = Field(max_length=20)
    label_id: str = Field(max_length=120)
    label_en: str = Field(max_length=120)
    description_en: str = Field(default="", max_length=200, description="Open311 description")
    hint_en: str = Field(default="", max_length=200, description="Open311 datatype_description")
    minimum: float | None = Field(default=None)
    maximum: float | None = Field(default=None)
    choices: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    sort_order: int = Field(default=0)


class ResponseTemplate(SQLModel, table=True):
    """A reply officers start from on a report's page; admins edit the list at /staf/templat."""

    __tablename__ = "response_template"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    title_id: str = Field(max_length=80)
    title_en: str = Field(max_length=80)
    text_id: str = Field(max_length=1000)
    text_en: str = Field(max_length=1000)
    active: bool = Field(default=True)
    sort_order: int = Field(default=0)
