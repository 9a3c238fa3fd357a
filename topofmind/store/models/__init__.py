"""The stored data, one module per concern; every model and vocabulary is importable from here."""

from topofmind.store.models.accounts import (
    ApiToken,
    LedgerEntry,
    MailAccount,
    PageSession,
    SelectorMiss,
    SetupCode,
    User,
)
from topofmind.store.models.base import (
    ACTION_STATES,
    CATEGORIES,
    CHANNELS,
    CLOSED_STAGES,
    DELIVERY_STATUSES,
    DIGEST_DAYS,
    INCOMING_CATEGORIES,
    OPEN_STAGES,
    OUTGOING_KINDS,
    PREFERRED_CHANNELS,
    RELATIONSHIPS,
    SOURCES,
    STAGE_ORDER,
    STAGES,
    Base,
    JSONBOnPostgres,
    UTCDateTime,
    column_pairs,
)
from topofmind.store.models.cards import CardEpoch, CardSweep, LookupCard, LookupCardDep
from topofmind.store.models.mail import Message, Thread
from topofmind.store.models.pipeline import (
    ActionSpecifics,
    ActionState,
    AuditEntry,
    Company,
    CompanyDomain,
    Interview,
    Opportunity,
    OpportunityContact,
    Person,
    PersonEmail,
    StageChange,
    Touch,
)
from topofmind.store.models.reminders import Delivery, NotificationChannel, ReminderSettings

__all__ = ['CATEGORIES', 'INCOMING_CATEGORIES', 'OUTGOING_KINDS', 'CLOSED_STAGES', 'OPEN_STAGES', 'STAGE_ORDER', 'STAGES', 'UTCDateTime', 'JSONBOnPostgres', 'Base', 'RELATIONSHIPS', 'CHANNELS', 'PREFERRED_CHANNELS', 'SOURCES', 'ACTION_STATES', 'column_pairs', 'DIGEST_DAYS', 'DELIVERY_STATUSES', 'User', 'ApiToken', 'PageSession', 'SetupCode', 'MailAccount', 'LedgerEntry', 'SelectorMiss', 'Thread', 'Message', 'Company', 'CompanyDomain', 'Person', 'PersonEmail', 'Opportunity', 'StageChange', 'OpportunityContact', 'Interview', 'Touch', 'ActionState', 'ActionSpecifics', 'AuditEntry', 'LookupCard', 'LookupCardDep', 'CardEpoch', 'CardSweep', 'ReminderSettings', 'NotificationChannel', 'Delivery']
