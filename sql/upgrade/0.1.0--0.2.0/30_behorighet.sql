
-- grants follow the role by OID ------------------------------------------------

-- A grant of a role that no longer exists cannot be kept by OID (there is
-- none) and grants nothing to anyone: it is removed, and said.
DO $$
DECLARE
    g record;
BEGIN
    FOR g IN SELECT b.roll, b.namnd FROM @extschema@.behorighet b
              WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = b.roll)
    LOOP
        RAISE NOTICE 'removing the grant of % to role "%", which no longer exists',
            coalesce('committee "' || g.namnd || '"', 'every committee'), g.roll;
    END LOOP;
    DELETE FROM @extschema@.behorighet b
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = b.roll);
END $$;

-- behorig() reads the column: give it a body that does not, change the
-- column's type, then put the real body back
CREATE OR REPLACE FUNCTION @extschema@.behorig(namnd text, roll name) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT false;
END;
ALTER TABLE @extschema@.behorighet
    ALTER COLUMN roll TYPE regrole USING pg_catalog.to_regrole(pg_catalog.quote_ident(roll));
COMMENT ON TABLE @extschema@.behorighet IS
    'which role may see and change which committee; namnd NULL = every committee (a controller); the role by OID';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.behorighet',
    'WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) roll::pg_catalog.oid)');

CREATE OR REPLACE FUNCTION @extschema@.behorig(namnd text, roll name) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    -- a superuser or a BYPASSRLS role sees every row anyway, so it may also
    -- close and reopen periods without a grant of its own
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                    WHERE r.rolname = behorig.roll AND (r.rolsuper OR r.rolbypassrls))
        OR EXISTS (SELECT 1 FROM @extschema@.behorighet b
                    WHERE (b.namnd = behorig.namnd OR b.namnd IS NULL)
                      AND pg_has_role(behorig.roll, b.roll::oid, 'MEMBER'));
END;

CREATE OR REPLACE FUNCTION @extschema@.bevilja(roll name, namnd text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = bevilja.roll) THEN
        RAISE EXCEPTION 'role "%" does not exist', roll USING ERRCODE = '42704';
    END IF;
    IF namnd IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = bevilja.namnd) THEN
        RAISE EXCEPTION 'no committee "%"', namnd USING ERRCODE = '22023';
    END IF;
    INSERT INTO @extschema@.behorighet (roll, namnd)
    SELECT r.oid::regrole, bevilja.namnd FROM pg_roles r WHERE r.rolname = bevilja.roll
    ON CONFLICT DO NOTHING;
END $$;

CREATE OR REPLACE FUNCTION @extschema@.aterkalla(roll name, namnd text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM @extschema@.behorighet b
     USING pg_roles r
     WHERE r.rolname = aterkalla.roll AND b.roll::oid = r.oid
       AND b.namnd IS NOT DISTINCT FROM aterkalla.namnd;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'role "%" has no grant for %', roll,
              coalesce('committee "' || namnd || '"', 'every committee')
            USING ERRCODE = '22023';
    END IF;
END $$;

CREATE OR REPLACE FUNCTION @extschema@.stada_behorighet(OUT roll oid, OUT namnd text) RETURNS SETOF record
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    DELETE FROM @extschema@.behorighet b
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = b.roll::oid)
    RETURNING b.roll::oid, b.namnd;
END;
COMMENT ON FUNCTION @extschema@.stada_behorighet() IS
    'remove the grants of dropped roles (they match nobody); returns what was removed';

-- trigger functions parse their bodies at run time: a fixed search_path
ALTER FUNCTION @extschema@.skydda_stangd_period() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.skydda_stangd_period_truncate() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.skydda_stangd_omgang() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.endast_tillagg() SET search_path = pg_catalog, pg_temp;
