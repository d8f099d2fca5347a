-- SPDX-License-Identifier: GPL-3.0-or-later
-- 003-seat-pool.sql — an offer's seats kept as one pool.
--
-- hub.offer_pool.granted counts every seat that has left the pool: to a
-- kiosk's lease, or to a registration that came without one. A registration
-- on a leased seat now only takes that seat off its own kiosk's lease: it no
-- longer locks and rewrites the offer's row, which every kiosk pushing for
-- the same training had to wait for in turn, commit after commit.
--
-- What the office reads is unchanged: hub.offers is now a view with the same
-- columns (registered counted from the registrations, escrowed from the
-- leases), and registered + escrowed = granted whatever happens.
--
-- Leases now also expire at the hub: seats a kiosk left unused for an hour
-- past the end of its lease (a kiosk stolen, broken or switched off for
-- good) go back to the pool when another kiosk asks for that offer. The
-- kiosk itself stops selling them at the end of the lease.
--
-- Same rules as 001: run once by `tremplin-office hub init`, safe to run again.

DO $$
BEGIN
  IF to_regclass('hub.offer_pool') IS NULL THEN
    ALTER TABLE hub.offers RENAME TO offer_pool;
    ALTER TABLE hub.offer_pool ADD COLUMN granted integer NOT NULL DEFAULT 0 CHECK (granted >= 0);
    UPDATE hub.offer_pool SET granted = registered + escrowed;
    ALTER TABLE hub.offer_pool DROP COLUMN registered, DROP COLUMN escrowed;
  END IF;
END $$;

CREATE OR REPLACE VIEW hub.offers AS
  SELECT p.id, p.seats,
         coalesce(r.n, 0)::integer AS registered,
         coalesce(l.held, 0)::integer AS escrowed
    FROM hub.offer_pool p
    LEFT JOIN (SELECT offer_id, count(*) AS n FROM hub.registrations
                WHERE status = 'registered' AND cancelled_at IS NULL
                GROUP BY offer_id) r ON r.offer_id = p.id
    LEFT JOIN (SELECT offer_id, sum(held) AS held FROM hub.leases
                GROUP BY offer_id) l ON l.offer_id = p.id;

-- Stores one registration of kiosk @p_kiosk_id once. 'stored' the first
-- time, 'duplicate' when the code or the kiosk's session is already there (a
-- lost acknowledgement, or the same row sent twice at once): either way the
-- kiosk may mark it sent. A 'registered' row takes one seat of the kiosk's
-- lease for the offer, or, when the lease has none left, one from the pool;
-- a row the pool has no seat for either is kept, flagged over_seats, and
-- logged. Called by the two functions below once they know the caller is
-- that kiosk; it checks nothing itself, so nobody else may call it.
CREATE OR REPLACE FUNCTION hub.store_registration(
  p_kiosk_id text, p_session_id text, p_code text, p_local_id bigint,
  p_created_at timestamptz, p_local_date date, p_offer_id text, p_status text,
  p_verdict text, p_flags text, p_payload text, p_age_band text,
  p_woman integer, p_qpv integer, p_details bytea,
  p_cancelled_at timestamptz, p_cancel_reason text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  n integer;
  over boolean;
BEGIN
  INSERT INTO hub.registrations (code, kiosk_id, session_id, local_id, created_at,
      local_date, offer_id, status, verdict, flags, payload, age_band, woman, qpv,
      details, cancelled_at, cancel_reason)
    VALUES (p_code, p_kiosk_id, p_session_id, p_local_id, p_created_at, p_local_date,
      p_offer_id, p_status, p_verdict, coalesce(p_flags, '[]')::jsonb, p_payload,
      p_age_band, p_woman, p_qpv, p_details, p_cancelled_at, p_cancel_reason)
    ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n = 0 THEN
    RETURN 'duplicate';
  END IF;
  IF p_status <> 'registered' OR p_cancelled_at IS NOT NULL THEN
    RETURN 'stored';
  END IF;
  -- One row lock either way: the lease, or the offer's pool row.
  UPDATE hub.leases SET held = held - 1
    WHERE kiosk_id = p_kiosk_id AND offer_id = p_offer_id AND held > 0;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n = 1 THEN
    RETURN 'stored';
  END IF;
  UPDATE hub.offer_pool SET granted = granted + 1 WHERE id = p_offer_id
    RETURNING granted > seats INTO over;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'hub: no published offer %', p_offer_id USING ERRCODE = '23503';
  END IF;
  IF over THEN
    -- A lease reclaimed before the kiosk sent what it used: the office sees
    -- it in `status`. Kiosks that keep to their leases never cause one.
    UPDATE hub.registrations SET over_seats = true WHERE code = p_code;
    INSERT INTO hub.refusals (role_name, kiosk_id, what)
      VALUES (session_user, p_kiosk_id, 'registered ' || p_code || ' with no seat left for offer ' || p_offer_id);
  END IF;
  RETURN 'stored';
END $$;
REVOKE ALL ON FUNCTION hub.store_registration(text, text, text, bigint, timestamptz, date, text, text, text, text, text, text, integer, integer, bytea, timestamptz, text) FROM PUBLIC;

-- One registration from the calling kiosk (hub.store_registration).
CREATE OR REPLACE FUNCTION hub.submit_registration(
  p_kiosk_id text, p_session_id text, p_code text, p_local_id bigint,
  p_created_at timestamptz, p_local_date date, p_offer_id text, p_status text,
  p_verdict text, p_flags text, p_payload text, p_age_band text,
  p_woman integer, p_qpv integer, p_details bytea,
  p_cancelled_at timestamptz, p_cancel_reason text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k hub.kiosks;
BEGIN
  k := hub.caller_kiosk(p_kiosk_id);
  RETURN hub.store_registration(p_kiosk_id, p_session_id, p_code, p_local_id,
    p_created_at, p_local_date, p_offer_id, p_status, p_verdict, p_flags, p_payload,
    p_age_band, p_woman, p_qpv, p_details, p_cancelled_at, p_cancel_reason);
END $$;

-- A batch of registrations from the calling kiosk, in one statement and one
-- transaction: the kiosk is checked once, and the hub commits once, where a
-- round trip, a check and a commit for each row made a kiosk's backlog slow
-- to send. @p_rows is a JSON array of objects with the arguments of
-- hub.store_registration (details in base64). One row is answered for each,
-- with its place in the array (from 1): 'stored' or 'duplicate', or the
-- SQLSTATE and message of the error that refused it; a refused row is undone
-- alone and the others are kept. Rows are stored offer by offer, so that two
-- kiosks' batches take the offers' pool rows in the same order.
CREATE OR REPLACE FUNCTION hub.submit_registrations(p_kiosk_id text, p_rows jsonb)
  RETURNS TABLE (place bigint, answer text, error_state text, error_message text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k hub.kiosks;
  r record;
BEGIN
  k := hub.caller_kiosk(p_kiosk_id);
  FOR r IN
    SELECT * FROM ROWS FROM (jsonb_to_recordset(p_rows) AS (
        session_id text, code text, local_id bigint, created_at timestamptz,
        local_date date, offer_id text, status text, verdict text, flags text,
        payload text, age_band text, woman integer, qpv integer, details text,
        cancelled_at timestamptz, cancel_reason text))
      WITH ORDINALITY AS x(session_id, code, local_id, created_at, local_date,
        offer_id, status, verdict, flags, payload, age_band, woman, qpv, details,
        cancelled_at, cancel_reason, ordinal)
      ORDER BY x.offer_id, x.ordinal
  LOOP
    place := r.ordinal;
    answer := NULL;
    error_state := NULL;
    error_message := NULL;
    BEGIN
      answer := hub.store_registration(p_kiosk_id, r.session_id, r.code, r.local_id,
        r.created_at, r.local_date, r.offer_id, r.status, r.verdict, r.flags, r.payload,
        r.age_band, r.woman, r.qpv, decode(r.details, 'base64'), r.cancelled_at,
        r.cancel_reason);
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS error_state = RETURNED_SQLSTATE, error_message = MESSAGE_TEXT;
    END;
    RETURN NEXT;
  END LOOP;
END $$;
REVOKE ALL ON FUNCTION hub.submit_registrations(text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub.submit_registrations(text, jsonb) TO tremplin_kiosk;

-- The seats of every offer still free in its pool, for the kiosks' offers
-- lists (a kiosk can also give the seats of its own lease).
CREATE OR REPLACE FUNCTION hub.free_seats(p_kiosk_id text)
  RETURNS TABLE (offer_id text, free integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k hub.kiosks;
BEGIN
  k := hub.caller_kiosk(p_kiosk_id);
  RETURN QUERY SELECT p.id, greatest(p.seats - p.granted, 0) FROM hub.offer_pool p;
END $$;
REVOKE ALL ON FUNCTION hub.free_seats(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub.free_seats(text) TO tremplin_kiosk;

-- What each kiosk had not yet sent at its last round (its outbox, rows the
-- hub refused included), for `hub status`: the hub cannot see it otherwise.
ALTER TABLE hub.kiosks ADD COLUMN IF NOT EXISTS unsent integer;

CREATE OR REPLACE FUNCTION hub.report_unsent(p_kiosk_id text, p_unsent integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k hub.kiosks;
BEGIN
  k := hub.caller_kiosk(p_kiosk_id);
  -- Written only when it changes: most rounds send everything.
  UPDATE hub.kiosks SET unsent = p_unsent WHERE id = p_kiosk_id AND unsent IS DISTINCT FROM p_unsent;
END $$;
REVOKE ALL ON FUNCTION hub.report_unsent(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub.report_unsent(text, integer) TO tremplin_kiosk;

-- Cancels a registration of the caller's; its seat goes back to the pool.
-- Cancelling twice is acknowledged, changed once.
CREATE OR REPLACE FUNCTION hub.cancel_registration(
  p_kiosk_id text, p_code text, p_cancelled_at timestamptz, p_reason text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k hub.kiosks;
  r hub.registrations;
BEGIN
  k := hub.caller_kiosk(p_kiosk_id);
  UPDATE hub.registrations SET cancelled_at = p_cancelled_at, cancel_reason = p_reason
    WHERE code = p_code AND kiosk_id = p_kiosk_id AND cancelled_at IS NULL
    RETURNING * INTO r;
  IF NOT FOUND THEN
    IF EXISTS (SELECT 1 FROM hub.registrations WHERE code = p_code AND kiosk_id = p_kiosk_id) THEN
      RETURN 'duplicate';
    END IF;
    RAISE EXCEPTION 'hub: kiosk % has no registration %', p_kiosk_id, p_code USING ERRCODE = 'P0002';
  END IF;
  IF r.status = 'registered' THEN
    UPDATE hub.offer_pool SET granted = granted - 1 WHERE id = r.offer_id AND granted > 0;
  END IF;
  RETURN 'stored';
END $$;

-- Tops the caller's lease for an offer up towards @p_wanted seats: at most
-- lease_share of the free seats (at least one while any is free). Returns
-- the seats the kiosk now holds and until when it may use them. Other
-- kiosks' leases of this offer an hour past their end go back to the pool
-- first (the hour covers a kiosk's clock running a little late).
CREATE OR REPLACE FUNCTION hub.take_lease(p_kiosk_id text, p_offer_id text, p_wanted integer,
  OUT held integer, OUT expires_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  k hub.kiosks;
  o hub.offer_pool;
  have integer;
  reclaimed integer;
  free integer;
  share numeric;
  grant_n integer;
  hours integer;
BEGIN
  k := hub.caller_kiosk(p_kiosk_id);
  -- Lock order everywhere: the offer's pool, then leases.
  SELECT * INTO o FROM hub.offer_pool WHERE id = p_offer_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'hub: no published offer %', p_offer_id USING ERRCODE = 'P0002';
  END IF;
  WITH lapsed AS (
    SELECT l.kiosk_id, l.held FROM hub.leases l
     WHERE l.offer_id = p_offer_id AND l.kiosk_id <> p_kiosk_id AND l.held > 0
       AND l.expires_at < now() - interval '1 hour'
     FOR UPDATE),
  emptied AS (
    UPDATE hub.leases l SET held = 0 FROM lapsed
     WHERE l.offer_id = p_offer_id AND l.kiosk_id = lapsed.kiosk_id)
  SELECT coalesce(sum(lapsed.held), 0) INTO reclaimed FROM lapsed;
  SELECT value::numeric INTO share FROM hub.settings WHERE name = 'lease_share';
  SELECT value::integer INTO hours FROM hub.settings WHERE name = 'lease_hours';
  SELECT l.held INTO have FROM hub.leases l WHERE l.kiosk_id = p_kiosk_id AND l.offer_id = p_offer_id FOR UPDATE;
  have := coalesce(have, 0);
  free := greatest(o.seats - (o.granted - reclaimed), 0);
  grant_n := least(greatest(p_wanted - have, 0), free, greatest(1, ceil(free * share)::integer));
  INSERT INTO hub.leases AS l (kiosk_id, offer_id, held, expires_at)
    VALUES (p_kiosk_id, p_offer_id, grant_n, now() + make_interval(hours => hours))
    ON CONFLICT (kiosk_id, offer_id) DO UPDATE
      SET held = l.held + grant_n, expires_at = EXCLUDED.expires_at;
  UPDATE hub.offer_pool SET granted = granted - reclaimed + grant_n WHERE id = p_offer_id;
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
  PERFORM 1 FROM hub.offer_pool WHERE id = p_offer_id FOR UPDATE;
  SELECT l.held INTO have FROM hub.leases l WHERE l.kiosk_id = p_kiosk_id AND l.offer_id = p_offer_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  back := least(greatest(p_count, 0), have);
  UPDATE hub.leases SET held = held - back WHERE kiosk_id = p_kiosk_id AND offer_id = p_offer_id;
  UPDATE hub.offer_pool SET granted = granted - back WHERE id = p_offer_id;
  RETURN have - back;
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
  -- Seats it held go back to the pool.
  UPDATE hub.offer_pool o SET granted = o.granted - l.held
    FROM hub.leases l WHERE l.kiosk_id = p_id AND l.offer_id = o.id;
  UPDATE hub.leases SET held = 0 WHERE kiosk_id = p_id;
END $$;

-- Publishes a signed catalogue or rules file under the next version; the
-- offers' seats follow a catalogue (@p_seats: {"offer id": seats, …}).
-- Seats already granted stay counted.
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
    INSERT INTO hub.offer_pool AS o (id, seats)
      SELECT key, value::integer FROM jsonb_each_text(p_seats)
      ON CONFLICT (id) DO UPDATE SET seats = EXCLUDED.seats;
  END IF;
  RETURN p_version;
END $$;

REVOKE ALL ON hub.offer_pool, hub.offers FROM PUBLIC;
GRANT SELECT ON hub.offer_pool, hub.offers TO tremplin_office;
