"""The overlays' lookup cards and what keeps them true."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from topofmind.store.models.base import Base


class LookupCard(Base):
    """An overlay lookup's answer kept for the next identical lookup (see server/cards/storage.py):
    ``body`` is its JSON, good until ``valid_until`` or until something it shows changes."""

    __tablename__ = "lookup_cards"
    __table_args__ = (UniqueConstraint("user_id", "key"), Index("ix_lookup_cards_valid_until", "valid_until"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))  # a hash of ``question``
    question: Mapped[dict] = mapped_column(JSON)  # what was asked: {"kind": "profile", "slug": …}
    body: Mapped[str] = mapped_column(Text)
    # Served while now < valid_until; stale (something it shows changed): long past. The
    # refresher asks the question of an expired card again.
    valid_until: Mapped[datetime]
    built_at: Mapped[datetime]
    refreshing_until: Mapped[datetime | None]  # claimed by a refresher until then



class LookupCardDep(Base):
    """One record a card was computed from ("p12" a person, "o3" an opportunity…): a
    change to it deletes the card."""

    __tablename__ = "lookup_card_deps"
    __table_args__ = (Index("ix_lookup_card_deps_dep", "dep"),)

    card_id: Mapped[int] = mapped_column(ForeignKey("lookup_cards.id", ondelete="CASCADE"), primary_key=True)
    dep: Mapped[str] = mapped_column(String(40), primary_key=True)



class CardEpoch(Base):
    """One row, bumped by every transaction that deletes cards: a card computed while
    another transaction changed data is not stored (see server/cards/storage.py)."""

    __tablename__ = "card_epoch"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)



class CardSweep(Base):
    """Per user, the building of missing cards ahead (server/cards/prebuild.py): who
    holds it (until when), and the card epoch of the last complete one (none needed again
    until data changes)."""

    __tablename__ = "card_sweeps"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    swept_epoch: Mapped[int | None] = mapped_column(BigInteger)
    leased_until: Mapped[datetime | None]

