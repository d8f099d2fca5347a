-- SPDX-License-Identifier: GPL-3.0-or-later
-- 001-hub.sql — the hub's first schema: kiosks, sealed registrations,
-- cancellations, seats held in escrow by kiosk leases, signed publications,
-- and the roles that may touch them.
--
-- Run by `tremplin-office init` (src/sync/tr-hub-migrate.c) in one
-- transaction, once: the version is recorded in hub.schema_migrations. Every
-- statement is also safe to run again. Shipped migrations are never edited;
-- a change is a new NNN-*.sql file.

CREATE SCHEMA IF NOT EXISTS hub;
REVOKE ALL ON SCHEMA hub FROM PUBLIC;

-- Group roles (cluster-wide, so created only when missing). The office's
-- people log in as their own roles and are granted tremplin_office; each
-- kiosk logs in as kiosk_<id>, a member of tremplin_kiosk.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tremplin_office') THEN
    CREATE ROLE tremplin_office NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tremplin_kiosk') THEN
    CREATE ROLE tremplin_kiosk NOLOGIN;
  END IF;
END $$;

CREATE TABLE IF NOT EXISTS hub.settings (
  name  text PRIMARY KEY,
  value text NOT NULL
);
-- lease_share: the largest share of an offer's free seats one lease takes;
-- lease_hours: how long a kiosk may use a lease before it must renew it.
INSERT INTO hub.settings VALUES ('lease_share', '0.25'), ('lease_hours', '24')
  ON CONFLICT (name) DO NOTHING;

CREATE TABLE IF NOT EXISTS hub.kiosks (
  id            text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_][A-Za-z0-9._-]{0,31}$'),
  role_name     text NOT NULL UNIQUE,
  public_key    text NOT NULL,          -- the kiosk's receipt-signing key, as `public-key` prints it
  enrolled_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  revoke_reason text,
  last_seen     timestamptz
);

-- The registrations exactly as the kiosk holds them (store schema v4): the
-- clear columns, the sealed details (tr_seal to the office key, NULL once
-- erased) and the signed receipt text. No name is ever here in clear.
CREATE TABLE IF NOT EXISTS hub.registrations (
  code          text PRIMARY KEY,
  kiosk_id      text NOT NULL REFERENCES hub.kiosks (id),
  session_id    text NOT NULL,
  local_id      bigint NOT NULL,
  created_at    timestamptz NOT NULL,
  local_date    date NOT NULL,
  offer_id      text NOT NULL,
  status        text NOT NULL CHECK (status IN ('registered', 'waiting')),
  verdict       text NOT NULL,
  flags         jsonb NOT NULL DEFAULT '[]',
  payload       text NOT NULL,
  age_band      text CHECK (age_band IN ('under-26', '26-49', '50-and-over')),
  woman         smallint CHECK (woman IN (0, 1)),
  qpv           smallint NOT NULL CHECK (qpv IN (0, 1)),
  details       bytea,
  cancelled_at  timestamptz,
  cancel_reason text,
  received_at   timestamptz NOT NULL DEFAULT now(),
  -- TRUE when a 'registered' row arrived with no seat left for it at the
  -- hub (a lease reclaimed before the kiosk sent what it used): the office
  -- sees it in `status`. Kiosks that keep to their leases never cause one.
  over_seats    boolean NOT NULL DEFAULT false,
  UNIQUE (kiosk_id, session_id)
);
CREATE INDEX IF NOT EXISTS registrations_offer ON hub.registrations (offer_id);

-- The offers' seats: the hub is the truth. registered + escrowed <= seats.
CREATE TABLE IF NOT EXISTS hub.offers (
  id          text PRIMARY KEY,
  seats       integer NOT NULL CHECK (seats >= 0),
  registered  integer NOT NULL DEFAULT 0 CHECK (registered >= 0),
  escrowed    integer NOT NULL DEFAULT 0 CHECK (escrowed >= 0)
);

-- Seats a kiosk holds for an offer and has not used yet.
CREATE TABLE IF NOT EXISTS hub.leases (
  kiosk_id    text NOT NULL REFERENCES hub.kiosks (id),
  offer_id    text NOT NULL REFERENCES hub.offers (id),
  held        integer NOT NULL DEFAULT 0 CHECK (held >= 0),
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (kiosk_id, offer_id)
);

-- What the office published, in one sequence of versions for every kind;
-- the signature (Ed25519, office key) covers tr_hub_publication_message().
CREATE TABLE IF NOT EXISTS hub.publications (
  version      bigint PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('catalogue', 'rules', 'trust-list')),
  payload      bytea NOT NULL,
  signature    bytea NOT NULL CHECK (length(signature) = 64),
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by text NOT NULL DEFAULT session_user
);

-- Whom the hub refused and why (the server log has each refusal too).
CREATE TABLE IF NOT EXISTS hub.refusals (
  at        timestamptz NOT NULL DEFAULT now(),
  role_name text NOT NULL,
  kiosk_id  text,
  what      text NOT NULL
);

-- The kiosk the caller logs in as, or an error (SQLSTATE 42501 for a role
-- that is no kiosk's or a kiosk claiming another's id, TR001 for a revoked
-- kiosk). Not callable by kiosks themselves.
CREATE OR REPLACE FUNCTION hub.caller_kiosk(claimed text) RETURNS hub.kiosks
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k hub.kiosks;
BEGIN
  SELECT * INTO k FROM hub.kiosks WHERE role_name = session_user;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'hub: the role % is not an enrolled kiosk', session_user
      USING ERRCODE = '42501';
  END IF;
  IF k.revoked_at IS NOT NULL THEN
    RAISE EXCEPTION 'hub: kiosk % was revoked on % (%)', k.id, k.revoked_at, coalesce(k.revoke_reason, 'no reason given')
      USING ERRCODE = 'TR001';
  END IF;
  IF claimed IS DISTINCT FROM k.id THEN
    RAISE EXCEPTION 'hub: kiosk % may not write under the kiosk id %', k.id, claimed
      USING ERRCODE = '42501';
  END IF;
  UPDATE hub.kiosks SET last_seen = now() WHERE id = k.id;
  RETURN k;
END $$;

-- Stores one registration once. 'stored' the first time, 'duplicate' when
-- the code or the kiosk's session is already there (a lost acknowledgement):
-- either way the kiosk may mark it sent. A 'registered' row uses one seat of
-- the kiosk's lease for the offer.
CREATE OR REPLACE FUNCTION hub.submit_registration(
  p_kiosk_id text, p_session_id text, p_code text, p_local_id bigint,
  p_created_at timestamptz, p_local_date date, p_offer_id text, p_status text,
  p_verdict text, p_flags text, p_payload text, p_age_band text,
  p_woman integer, p_qpv integer, p_details bytea,
  p_cancelled_at timestamptz, p_cancel_reason text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k hub.kiosks;
  n integer;
  over boolean := false;
BEGIN
  k := hub.caller_kiosk(p_kiosk_id);
  PERFORM 1 FROM hub.registrations
    WHERE code = p_code OR (kiosk_id = p_kiosk_id AND session_id = p_session_id);
  IF FOUND THEN
    RETURN 'duplicate';
  END IF;
  IF p_status = 'registered' AND p_cancelled_at IS NULL THEN
    -- Lock order everywhere: the offer, then the lease.
    PERFORM 1 FROM hub.offers WHERE id = p_offer_id FOR UPDATE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'hub: no published offer %', p_offer_id USING ERRCODE = '23503';
    END IF;
    UPDATE hub.leases SET held = held - 1
      WHERE kiosk_id = p_kiosk_id AND offer_id = p_offer_id AND held > 0;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 1 THEN
      UPDATE hub.offers SET registered = registered + 1, escrowed = escrowed - 1 WHERE id = p_offer_id;
    ELSE
      UPDATE hub.offers SET registered = registered + 1
        WHERE id = p_offer_id AND registered + escrowed < seats;
      GET DIAGNOSTICS n = ROW_COUNT;
      IF n = 0 THEN
        over := true;
      END IF;
    END IF;
  END IF;
  INSERT INTO hub.registrations (code, kiosk_id, session_id, local_id, created_at,
      local_date, offer_id, status, verdict, flags, payload, age_band, woman, qpv,
      details, cancelled_at, cancel_reason, over_seats)
    VALUES (p_code, p_kiosk_id, p_session_id, p_local_id, p_created_at, p_local_date,
      p_offer_id, p_status, p_verdict, coalesce(p_flags, '[]')::jsonb, p_payload,
      p_age_band, p_woman, p_qpv, p_details, p_cancelled_at, p_cancel_reason, over)
    ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n = 0 THEN
    -- A concurrent copy of the same registration won: undo our seat.
    RAISE EXCEPTION 'hub: registration % arrived twice at once; send it again' , p_code
      USING ERRCODE = '40001';
  END IF;
  IF over THEN
    INSERT INTO hub.refusals (role_name, kiosk_id, what)
      VALUES (session_user, p_kiosk_id, 'registered ' || p_code || ' with no seat left for offer ' || p_offer_id);
    UPDATE hub.offers SET registered = registered + 1 WHERE id = p_offer_id;
  END IF;
  RETURN 'stored';
END $$;

-- Cancels a registration of the caller's; its seat goes back to the free
-- seats. Cancelling twice is acknowledged, changed once.
CREATE OR REPLACE FUNCTION hub.cancel_registration(
  p_kiosk_id text, p_code text, p_cancelled_at timestamptz, p_reason text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k hub.kiosks;
  r hub.registrations;
BEGIN
  k := hub.caller_kiosk(p_kiosk_id);
  SELECT * INTO r FROM hub.registrations WHERE code = p_code AND kiosk_id = p_kiosk_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'hub: kiosk % has no registration %', p_kiosk_id, p_code USING ERRCODE = 'P0002';
  END IF;
  IF r.cancelled_at IS NOT NULL THEN
    RETURN 'duplicate';
  END IF;
  IF r.status = 'registered' THEN
    PERFORM 1 FROM hub.offers WHERE id = r.offer_id FOR UPDATE;
    UPDATE hub.offers SET registered = registered - 1 WHERE id = r.offer_id AND registered > 0;
  END IF;
  UPDATE hub.registrations SET cancelled_at = p_cancelled_at, cancel_reason = p_reason
    WHERE code = p_code AND cancelled_at IS NULL;
  RETURN 'stored';
END $$;

-- Tops the caller's lease for an offer up towards @p_wanted seats: at most
-- lease_share of the free seats (at least one while any is free). Returns
-- the seats the kiosk now holds and until when it may use them.
CREATE OR REPLACE FUNCTION hub.take_lease(p_kiosk_id text, p_offer_id text, p_wanted integer,
  OUT held integer, OUT expires_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k hub.kiosks;
  o hub.offers;
  have integer;
  free integer;
  share numeric;
  grant_n integer;
  hours integer;
BEGIN
  k := hub.caller_kiosk(p_kiosk_id);
  SELECT * INTO o FROM hub.offers WHERE id = p_offer_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'hub: no published offer %', p_offer_id USING ERRCODE = 'P0002';
  END IF;
  SELECT value::numeric INTO share FROM hub.settings WHERE name = 'lease_share';
  SELECT value::integer INTO hours FROM hub.settings WHERE name = 'lease_hours';
  SELECT l.held INTO have FROM hub.leases l WHERE l.kiosk_id = p_kiosk_id AND l.offer_id = p_offer_id FOR UPDATE;
  have := coalesce(have, 0);
  free := greatest(o.seats - o.registered - o.escrowed, 0);
  grant_n := least(greatest(p_wanted - have, 0), free, greatest(1, ceil(free * share)::integer));
  INSERT INTO hub.leases AS l (kiosk_id, offer_id, held, expires_at)
    VALUES (p_kiosk_id, p_offer_id, grant_n, now() + make_interval(hours => hours))
    ON CONFLICT (kiosk_id, offer_id) DO UPDATE
      SET held = l.held + grant_n, expires_at = EXCLUDED.expires_at;
  UPDATE hub.offers SET escrowed = escrowed + grant_n WHERE id = p_offer_id;
  held := have + grant_n;
  expires_at := now() + make_interval(hours => hours);
END $$;

-- Gives back up to @p_count unused seats of the caller's lease (close of
-- day); returns how many it still holds.
CREATE OR REPLACE FUNCTION hub.return_lease(p_kiosk_id text, p_offer_id text, p_count integer)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k hub.kiosks;
  have integer;
  back integer;
BEGIN
  k := hub.caller_kiosk(p_kiosk_id);
  PERFORM 1 FROM hub.offers WHERE id = p_offer_id FOR UPDATE;
  SELECT l.held INTO have FROM hub.leases l WHERE l.kiosk_id = p_kiosk_id AND l.offer_id = p_offer_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  back := least(greatest(p_count, 0), have);
  UPDATE hub.leases SET held = held - back WHERE kiosk_id = p_kiosk_id AND offer_id = p_offer_id;
  UPDATE hub.offers SET escrowed = escrowed - back WHERE id = p_offer_id;
  RETURN have - back;
END $$;

-- What the office published after @p_since, oldest first. The kiosk checks
-- each signature before it uses anything.
CREATE OR REPLACE FUNCTION hub.publications_since(p_kiosk_id text, p_since bigint)
RETURNS TABLE (version bigint, kind text, payload bytea, signature bytea)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k hub.kiosks;
BEGIN
  k := hub.caller_kiosk(p_kiosk_id);
  RETURN QUERY SELECT p.version, p.kind, p.payload, p.signature
    FROM hub.publications p WHERE p.version > p_since ORDER BY p.version;
END $$;

-- Office functions (owned by the migration's role, which may create roles):
-- a kiosk is enrolled with a SCRAM verifier made on the office's machine
-- (PQencryptPasswordConn), so no password crosses the wire in clear.
CREATE OR REPLACE FUNCTION hub.enrol_kiosk(p_id text, p_public_key text, p_verifier text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  role text := 'kiosk_' || p_id;
BEGIN
  IF p_verifier !~ '^SCRAM-SHA-256\$' THEN
    RAISE EXCEPTION 'hub: a kiosk password must be given as a SCRAM-SHA-256 verifier' USING ERRCODE = '22023';
  END IF;
  IF EXISTS (SELECT 1 FROM hub.kiosks WHERE id = p_id) THEN
    RAISE EXCEPTION 'hub: kiosk % is already enrolled', p_id USING ERRCODE = '23505';
  END IF;
  INSERT INTO hub.kiosks (id, role_name, public_key) VALUES (p_id, role, p_public_key);
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role) THEN
    EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', role, p_verifier);
  ELSE
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE tremplin_kiosk', role, p_verifier);
  END IF;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), role);
  RETURN role;
END $$;

-- Revokes a kiosk: its role may no longer log in, and every function
-- refuses it from now on, even on a connection already open.
CREATE OR REPLACE FUNCTION hub.revoke_kiosk(p_id text, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k hub.kiosks;
BEGIN
  UPDATE hub.kiosks SET revoked_at = coalesce(revoked_at, now()), revoke_reason = p_reason
    WHERE id = p_id RETURNING * INTO k;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'hub: no kiosk % is enrolled', p_id USING ERRCODE = 'P0002';
  END IF;
  EXECUTE format('ALTER ROLE %I NOLOGIN', k.role_name);
  -- Seats it held go back to the free seats.
  UPDATE hub.offers o SET escrowed = o.escrowed - l.held
    FROM hub.leases l WHERE l.kiosk_id = p_id AND l.offer_id = o.id;
  UPDATE hub.leases SET held = 0 WHERE kiosk_id = p_id;
END $$;

-- Publishes a signed catalogue or rules file under the next version; the
-- offers' seats follow a catalogue (@p_seats: {"offer id": seats, …}).
-- Seats already registered stay counted.
CREATE OR REPLACE FUNCTION hub.publish(p_version bigint, p_kind text, p_payload bytea,
  p_signature bytea, p_seats jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  LOCK TABLE hub.publications IN EXCLUSIVE MODE;
  IF p_version <> (SELECT coalesce(max(version), 0) + 1 FROM hub.publications) THEN
    RAISE EXCEPTION 'hub: version % is not the next one; publish again', p_version USING ERRCODE = '40001';
  END IF;
  INSERT INTO hub.publications (version, kind, payload, signature)
    VALUES (p_version, p_kind, p_payload, p_signature);
  IF p_kind = 'catalogue' AND p_seats IS NOT NULL THEN
    INSERT INTO hub.offers AS o (id, seats)
      SELECT key, value::integer FROM jsonb_each_text(p_seats)
      ON CONFLICT (id) DO UPDATE SET seats = EXCLUDED.seats;
  END IF;
  RETURN p_version;
END $$;

CREATE OR REPLACE FUNCTION hub.next_version() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce(max(version), 0) + 1 FROM hub.publications
$$;

-- Rights: nothing for PUBLIC; kiosks only the kiosk functions; the office
-- reads everything and calls the office functions.
REVOKE ALL ON ALL TABLES IN SCHEMA hub FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA hub FROM PUBLIC;
GRANT USAGE ON SCHEMA hub TO tremplin_kiosk, tremplin_office;
GRANT EXECUTE ON FUNCTION
  hub.submit_registration(text, text, text, bigint, timestamptz, date, text, text, text, text, text, text, integer, integer, bytea, timestamptz, text),
  hub.cancel_registration(text, text, timestamptz, text),
  hub.take_lease(text, text, integer),
  hub.return_lease(text, text, integer),
  hub.publications_since(text, bigint)
  TO tremplin_kiosk;
GRANT SELECT ON ALL TABLES IN SCHEMA hub TO tremplin_office;
GRANT UPDATE ON hub.settings TO tremplin_office;
GRANT EXECUTE ON FUNCTION
  hub.enrol_kiosk(text, text, text),
  hub.revoke_kiosk(text, text),
  hub.publish(bigint, text, bytea, bytea, jsonb),
  hub.next_version()
  TO tremplin_office;
