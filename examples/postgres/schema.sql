-- servicekit TicketStore on PostgreSQL (examples/postgres/adapter.ts). Apply with `migrate(db)`,
-- which runs every statement below in one transaction; it is safe to run again (IF NOT EXISTS).
-- migrate splits this file on `;` at the end of a line: keep one statement per `;`-terminated block.
--
-- Ticket ids use COLLATE "C" (byte order): they are opaque identifiers, and claimDue orders ties
-- by id exactly as the in-memory store does, whatever the database's default collation is.
-- Instants are bigint epoch milliseconds, the port's own unit: no time zone or precision
-- conversion on the way in or out, and `due_at <= now` compares exactly what the caller passed.

-- One row per ticket: the head of its event stream. `version` is the number of events. An append
-- locks this row (SELECT ... FOR UPDATE), so writers to one ticket queue up behind each other
-- while writers to other tickets proceed. The row exists once the first event is appended.
CREATE TABLE IF NOT EXISTS tickets (
  ticket_id text COLLATE "C" PRIMARY KEY,
  version integer NOT NULL CHECK (version >= 0)
);

-- The events of each ticket, numbered 1..version in append order, as JSON (instants as ISO-8601
-- strings; the adapter revives them with Ticket.decodeEvent on load).
CREATE TABLE IF NOT EXISTS ticket_events (
  ticket_id text COLLATE "C" NOT NULL REFERENCES tickets (ticket_id),
  version integer NOT NULL CHECK (version >= 1),
  event jsonb NOT NULL,
  PRIMARY KEY (ticket_id, version)
);

-- Idempotency keys, unique per ticket: the append that used a key wrote versions
-- first_version..version_after. A redelivery answers with that range's events instead of
-- appending again. An append of no events records no key (the Desk probes keys that way).
CREATE TABLE IF NOT EXISTS ticket_appends (
  ticket_id text COLLATE "C" NOT NULL REFERENCES tickets (ticket_id),
  idempotency_key text NOT NULL,
  first_version integer NOT NULL,
  version_after integer NOT NULL,
  PRIMARY KEY (ticket_id, idempotency_key),
  CHECK (first_version >= 1 AND version_after >= first_version)
);

-- When each ticket next needs attention, and the lease of the worker that claimed it (NULL: not
-- claimed; a lease lapses once claimed_until <= now). No foreign key: a due time may be set
-- before the ticket's first event is stored, as the port allows.
CREATE TABLE IF NOT EXISTS ticket_due (
  ticket_id text COLLATE "C" PRIMARY KEY,
  -- NULL: never due (kept, so that a stale writer cannot bring the ticket back).
  due_at bigint,
  -- The ticket version the due time was computed from: an older one never overwrites it.
  as_of integer NOT NULL DEFAULT 0,
  claimed_until bigint,
  -- The fencing token of the current claim (NULL: not claimed): a new one from the sequence at
  -- every claim, so a worker whose lease lapsed and whose ticket was claimed again holds a stale one.
  claim_token bigint
);

-- Ticket-due rows made by an earlier version of this file lack the token.
ALTER TABLE ticket_due ADD COLUMN IF NOT EXISTS claim_token bigint;

CREATE SEQUENCE IF NOT EXISTS ticket_claim_tokens;

-- claimDue scans the tickets due at or before `now`, most overdue first.
CREATE INDEX IF NOT EXISTS ticket_due_due_at ON ticket_due (due_at, ticket_id);
