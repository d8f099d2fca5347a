-- SPDX-License-Identifier: GPL-3.0-or-later
-- 002-last-seen.sql — a kiosk's last_seen is written at most once a minute,
-- not on every call: with many kiosks pushing their outboxes, that write
-- was one more row version per registration.
--
-- Same rules as 001: run once by `tremplin-office hub init`, safe to run again.

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
  -- Once a minute is enough to say the kiosk is alive: a write on every
  -- call made every registration cost one more row version.
  IF k.last_seen IS NULL OR k.last_seen < now() - interval '1 minute' THEN
    UPDATE hub.kiosks SET last_seen = now() WHERE id = k.id;
  END IF;
  RETURN k;
END $$;
