-- The seed loader's SQL; run by ladda.sh after it has copied the seed files
-- into the temporary table seed_fil(fil, nr, txt).
CREATE EXTENSION IF NOT EXISTS kommunrapport;
SET LOCAL search_path = kommunrapport, pg_catalog;

-- a report-row chart shared by the seed municipalities
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('resultat', 'Resultat', 'resultat', 'resultat', NULL, 900),
    ('nettokostnad', 'Nettokostnad', 'nettokostnad', 'resultat', 'resultat', 100),
    ('intakter', 'Intäkter', 'intakt', 'resultat', 'nettokostnad', 10),
    ('kostnader', 'Kostnader', 'kostnad', 'resultat', 'nettokostnad', 20),
    ('personalkostnader', 'Personalkostnader', 'kostnad', 'resultat', 'kostnader', 21),
    ('lokalhyror', 'Lokalhyror', 'kostnad', 'resultat', 'kostnader', 22),
    ('kop_av_tjanster', 'Köp av tjänster', 'kostnad', 'resultat', 'kostnader', 23),
    ('ovriga_kostnader', 'Övriga kostnader', 'kostnad', 'resultat', 'kostnader', 24),
    ('kommunbidrag', 'Kommunbidrag', 'kommunbidrag', 'resultat', 'resultat', 200),
    ('finansnetto', 'Finansnetto', 'finansnetto', 'resultat', 'resultat', 300),
    ('disposition', 'Disposition av ackumulerat resultat', 'disposition', 'resultat', 'resultat', 250),
    ('statsbidrag', 'Riktade statsbidrag', 'statsbidrag', 'resultat', 'intakter', 11),
    ('nettokostnad_k', 'Nettokostnad', 'nettokostnad', 'kostnad', NULL, 50)
ON CONFLICT (kod) DO NOTHING;

CREATE TEMP TABLE seed_map ON COMMIT DROP AS
SELECT regexp_replace(fil, '\.map$', '') AS tabell,
       substring(txt FROM '^([a-z_]+):') AS nyckel,
       btrim(substring(txt FROM '^[a-z_]+:(.*)$')) AS varde
  FROM seed_fil
 WHERE fil LIKE '%.map' AND txt ~ '^[a-z_]+:';

-- the report column a table's column stands for, where it has one
CREATE FUNCTION pg_temp.publicerad_kolumn(kolumn text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN CASE btrim(kolumn)
        WHEN 'utfall_period' THEN 'utfall' WHEN 'utfall' THEN 'utfall'
        WHEN 'budget_period' THEN 'budget'
        WHEN 'avvikelse' THEN 'avvikelse' WHEN 'avvikelse_period' THEN 'avvikelse'
        WHEN 'utfall_period_fg_ar' THEN 'utfall_fg_ar'
        WHEN 'prognos_helar' THEN 'prognos' WHEN 'prognos_helar_fg' THEN 'prognos_fg'
        WHEN 'budget_helar' THEN 'budget_helar' WHEN 'internbudget' THEN 'budget_helar'
        WHEN 'avvikelse_prognos' THEN 'prognos_avvikelse'
        WHEN 'bokslut_fg_ar' THEN 'bokslut_fg_ar' END;

CREATE TEMP TABLE seed_rapport (tabell text, rader integer, fran_hand text[]) ON COMMIT DROP;

DO $load$
DECLARE
    t           record;
    m           jsonb;
    block       text;
    start_nr    integer;
    rel         text[];
    nm          text[];
    p           period;
    y           integer;
    factor      numeric;
    kolumner    text[];
    r           record;
    v           numeric[];
    enhet_kod   text;
    rad_kod     text;
    omg         text;
    omg_fg      text;
    hoppa       text[];
    radmap      jsonb;
    summor      jsonb;
    summa       text;
    pkol        text;
    pub_enhet   text;
    pub_rad     text;
    n_rows      integer;
    hand        text[];
    i           integer;
    b           belopp;
BEGIN
    FOR t IN SELECT DISTINCT tabell FROM seed_map WHERE nyckel = 'ladda_namnd' ORDER BY tabell LOOP
        SELECT jsonb_object_agg(nyckel, varde) INTO m FROM seed_map WHERE tabell = t.tabell;

        -- the block: the lines after the marker, up to the next marker
        SELECT f.nr INTO start_nr FROM seed_fil f
         WHERE f.fil = m->>'source' AND f.txt = '## table: ' || t.tabell;
        SELECT string_agg(f.txt, E'\n' ORDER BY f.nr) INTO block FROM seed_fil f
         WHERE f.fil = m->>'source' AND f.nr > start_nr
           AND f.nr < coalesce((SELECT min(g.nr) FROM seed_fil g
                                 WHERE g.fil = m->>'source' AND g.nr > start_nr AND g.txt LIKE '## table: %'),
                               2147483647);

        -- relations as the reader takes them: a ratio ends in %
        SELECT array_agg(CASE WHEN x[1] ~ '/' AND x[1] !~ '%' THEN x[1] || ' %' ELSE x[1] END)
          INTO rel FROM regexp_matches(coalesce(m->>'relations', ''), '''([^'']*)''', 'g') x;

        nm := string_to_array(m->>'ladda_namnd', '|');
        p := (m->>'ladda_period')::period;
        y := ar(p);
        factor := CASE m->>'unit' WHEN 'kr' THEN 1 WHEN 'tkr' THEN 1000 WHEN 'mnkr' THEN 1000000 END;
        kolumner := string_to_array(m->>'column_names', ',');
        omg := m->>'ladda_prognosomgang';
        omg_fg := m->>'ladda_prognosomgang_fg';
        SELECT coalesce(array_agg(btrim(x)), '{}') INTO hoppa
          FROM unnest(string_to_array(coalesce(m->>'ladda_hoppa', ''), ';')) x WHERE btrim(x) <> '';
        SELECT coalesce(jsonb_object_agg(btrim(split_part(x, '=', 1)), btrim(split_part(x, '=', 2))), '{}')
          INTO radmap FROM unnest(string_to_array(m->>'ladda_rader', ';')) x;
        SELECT coalesce(jsonb_object_agg(btrim(split_part(x, '=', 1)), btrim(split_part(x, '=', 2))), '{}')
          INTO summor FROM unnest(string_to_array(coalesce(m->>'ladda_summor', ''), ';')) x WHERE btrim(x) <> '';

        INSERT INTO namnd (kod, namn, kommun)
        VALUES (btrim(nm[1]), btrim(nm[2]), nullif(btrim(nm[3]), '')) ON CONFLICT (kod) DO NOTHING;
        IF omg IS NOT NULL THEN
            INSERT INTO prognosomgang (ar, kod, namn, period, datum)
            VALUES (y, omg, 'Prognos ' || omg, p, slutdatum(p) + 14) ON CONFLICT DO NOTHING;
        END IF;
        IF omg_fg IS NOT NULL THEN
            INSERT INTO prognosomgang (ar, kod, namn, period, datum)
            VALUES (y, omg_fg, 'Prognos ' || omg_fg, period(y, 1, sista_manad(p) - 1),
                    slutdatum(period(y, 1, sista_manad(p) - 1)) + 14) ON CONFLICT DO NOTHING;
        END IF;

        n_rows := 0;
        hand := '{}';
        -- the data rows are the lines of the answer key; the reader's other
        -- rows are headings (a heading ending in a year reads as a figure)
        -- (the label is taken from the answer key, where words the PDF broke,
        -- "Kommunbidr" / "ag", are whole again)
        FOR r IN SELECT l.rad, l.kod, l.varden, l.entydig, l.ofullstandig, l.meddelande,
                        split_part(f.txt, E'\t', 3) AS benamning
                   FROM las_tabell(block, cardinality(kolumner), rel) l
                   JOIN seed_fil f ON f.fil = 'expected/' || t.tabell || '.tsv'
                                  AND split_part(f.txt, E'\t', 1) = (start_nr + l.rad)::text
                  ORDER BY l.rad LOOP
            summa := summor->>r.benamning;
            CONTINUE WHEN summa IS NULL AND (r.benamning = ANY (hoppa) OR coalesce(r.benamning, '') IN ('', '-'));
            v := r.varden;
            IF NOT r.entydig OR r.ofullstandig THEN
                -- the reader cannot settle this row: take the hand-typed figures
                SELECT array_agg(nullif(x, '')::numeric ORDER BY o) INTO v
                  FROM seed_fil f,
                       LATERAL unnest(string_to_array(split_part(f.txt, E'\t', 4), '|')) WITH ORDINALITY u(x, o)
                 WHERE f.fil = 'expected/' || t.tabell || '.tsv'
                   AND split_part(f.txt, E'\t', 1) = (start_nr + r.rad)::text;
                IF v IS NULL THEN
                    RAISE EXCEPTION 'table %, line %: the reader could not settle "%" (%) and there are no hand figures',
                        t.tabell, start_nr + r.rad, r.benamning, r.meddelande;
                END IF;
                hand := hand || r.benamning;
            END IF;

            IF summa IS NOT NULL THEN
                -- a published total: stored only as published, for reconciliation
                pub_enhet := CASE WHEN summa = 'enhet:*' THEN '' ELSE split_part(m->>'ladda_enheter', '=', 2) END;
                pub_rad := CASE WHEN summa LIKE 'rad:%' THEN substring(summa FROM 5) ELSE radmap->>'fast' END;
                FOR i IN 1 .. cardinality(kolumner) LOOP
                    pkol := pg_temp.publicerad_kolumn(kolumner[i]);
                    CONTINUE WHEN v[i] IS NULL OR pkol IS NULL;
                    INSERT INTO publicerad (namnd, tabell, enhet, rad, kolumn, period, belopp, avrundning, ordning)
                    VALUES (btrim(nm[1]), t.tabell, pub_enhet, pub_rad, pkol, p, v[i] * factor,
                            factor * power(10::numeric, -scale(v[i])), r.rad)
                    ON CONFLICT DO NOTHING;
                END LOOP;
                n_rows := n_rows + 1;
                CONTINUE;
            END IF;

            IF m->>'ladda_enheter' = 'kod' THEN
                enhet_kod := r.kod;
            ELSIF m->>'ladda_enheter' = 'namn' THEN
                enhet_kod := regexp_replace(translate(lower(r.benamning), 'åäöé', 'aaoe'), '[^a-z0-9]+', '_', 'g');
            ELSE
                enhet_kod := split_part(m->>'ladda_enheter', '=', 2);
            END IF;
            INSERT INTO enhet (namnd, kod, namn, typ, ordning)
            VALUES (btrim(nm[1]), enhet_kod,
                    CASE WHEN m->>'ladda_enheter' LIKE 'fast=%' THEN 'Hela nämnden' ELSE r.benamning END,
                    CASE WHEN m->>'ladda_enheter' LIKE 'fast=%' THEN 'hela_namnden' ELSE 'verksamhet' END,
                    r.rad)
            ON CONFLICT (namnd, kod) DO NOTHING;

            rad_kod := coalesce(radmap->>'fast', radmap->>r.benamning);
            IF rad_kod IS NULL THEN
                RAISE EXCEPTION 'table %: row "%" has no report row in ladda_rader', t.tabell, r.benamning;
            END IF;

            FOR i IN 1 .. cardinality(kolumner) LOOP
                CONTINUE WHEN v[i] IS NULL;
                b := (v[i] * factor)::belopp;
                pkol := pg_temp.publicerad_kolumn(kolumner[i]);
                IF pkol IS NOT NULL THEN
                    INSERT INTO publicerad (namnd, tabell, enhet, rad, kolumn, period, belopp, avrundning, ordning)
                    VALUES (btrim(nm[1]), t.tabell, enhet_kod, rad_kod, pkol, p, v[i] * factor,
                            factor * power(10::numeric, -scale(v[i])), r.rad)
                    ON CONFLICT DO NOTHING;
                END IF;
                CASE btrim(kolumner[i])
                WHEN 'utfall_period', 'utfall' THEN
                    INSERT INTO utfall (namnd, enhet, rad, period, belopp, kalla)
                    VALUES (btrim(nm[1]), enhet_kod, rad_kod, p, b, 'seed ' || t.tabell) ON CONFLICT DO NOTHING;
                WHEN 'utfall_period_fg_ar' THEN
                    INSERT INTO utfall (namnd, enhet, rad, period, belopp, kalla)
                    VALUES (btrim(nm[1]), enhet_kod, rad_kod, period(y - 1, forsta_manad(p), sista_manad(p)), b,
                            'seed ' || t.tabell) ON CONFLICT DO NOTHING;
                WHEN 'bokslut_fg_ar' THEN
                    INSERT INTO utfall (namnd, enhet, rad, period, belopp, kalla)
                    VALUES (btrim(nm[1]), enhet_kod, rad_kod, helar(y - 1), b, 'seed ' || t.tabell) ON CONFLICT DO NOTHING;
                WHEN 'budget_period' THEN
                    INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, beslut)
                    VALUES (btrim(nm[1]), enhet_kod, rad_kod, p, make_date(y, 1, 1), b, 'seed ' || t.tabell)
                    ON CONFLICT DO NOTHING;
                WHEN 'budget_helar', 'internbudget' THEN
                    INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, beslut)
                    VALUES (btrim(nm[1]), enhet_kod, rad_kod, helar(y), make_date(y, 1, 1), b, 'seed ' || t.tabell)
                    ON CONFLICT DO NOTHING;
                WHEN 'prognos_helar' THEN
                    INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp)
                    VALUES (btrim(nm[1]), enhet_kod, rad_kod, y, omg, b) ON CONFLICT DO NOTHING;
                WHEN 'prognos_helar_fg' THEN
                    INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp)
                    VALUES (btrim(nm[1]), enhet_kod, rad_kod, y, omg_fg, b) ON CONFLICT DO NOTHING;
                ELSE
                    NULL;       -- derived columns (deviation, consumption, difference) are not stored
                END CASE;
            END LOOP;
            n_rows := n_rows + 1;
        END LOOP;
        INSERT INTO seed_rapport VALUES (t.tabell, n_rows, hand);
    END LOOP;
END
$load$;

SELECT tabell AS "Tabell", rader AS "Rader",
       coalesce(array_to_string(fran_hand, ', '), '') AS "Handinskrivna (läsaren kunde inte avgöra)"
  FROM seed_rapport ORDER BY tabell;
