#!/usr/bin/env bash
# End to end: the bad-input corpus (test/bad_input/corpus.tsv).  Every entry is
# a bad input to one of the extension's input or loading functions with the
# SQLSTATE it must fail with.  In a database of its own, with kommunrapport and
# the fixture test/bad_input/setup.sql, each entry runs in its own
# subtransaction that is always rolled back (a statement that succeeds is
# rolled back too, and recorded as "no error"), so no entry sees another's
# effects.  Prints TAP:
#
#   - the corpus holds at least 200 well-formed entries with unique ids;
#   - every input and receive function of the extension's types (typinput,
#     typreceive; for enums and row types a cast of text to the type) and
#     every function whose name starts with las_, satt_, stang_, oppna_,
#     bevilja or aterkalla, listed from the catalog, has at least one entry:
#     a new loading function without a bad-input case fails here;
#   - three checks that the runner itself can tell success from failure and
#     rolls every entry back;
#   - one line per entry: ok when the SQLSTATE is the expected one, not ok
#     otherwise (also when there is no error), with got/expected and the
#     message as a diagnostic;
#   - for each entry that gives text to a type's input function (SELECT
#     <text>::type, or type_in(<text>)): the message names the type and quotes
#     the offending text, as in: invalid input syntax for type belopp: "1.500".
#
# Entries marked "FINDING:" in the corpus expect what the code should raise
# and stay failures until the code is fixed.
#
# Runs inside a throwaway cluster (PGHOST/PGPORT/PGUSER set, superuser) where
# the extension is installed:   pg_virtualenv -t -v 15 bash test/e2e/bad_input.sh
# Always exits 0 (the runner counts "not ok").  One psql session runs the whole
# corpus, committing after each entry; should the server die on an entry, that
# entry is recorded as "crash" and a new session goes on with the next one.

set -u
cd "$(dirname "$0")/../.."
dir=test/bad_input
corpus=${BAD_INPUT_CORPUS:-$dir/corpus.tsv}
db=${BAD_INPUT_DB:-kr_e2e_bad_input}
work=$(mktemp -d)

cleanup() {
	if [ -z "${BAD_INPUT_KEEP:-}" ]; then
		dropdb --if-exists "$db" >/dev/null 2>&1
		# the fixture's roles (refused, harmlessly, while another database uses them)
		psql -X -q -d postgres -c 'DROP ROLE IF EXISTS kr_bad_roll' -c 'DROP ROLE IF EXISTS kr_bad_utan' >/dev/null 2>&1
	fi
	rm -rf "$work"
}
trap cleanup EXIT
dropdb --if-exists "$db" >/dev/null 2>&1

fail_setup() {
	echo "1..1"
	echo "not ok 1 - $1"
	sed 's/^/# /' "$work/setup.log"
	exit 0
}

# --- the database and the fixture ---------------------------------------------------
{ createdb "$db" &&
  psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION kommunrapport' &&
  psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$dir/setup.sql" &&
  psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$dir/setup.sql"; } > "$work/setup.log" 2>&1 ||
	fail_setup "the fixture of the bad-input corpus loads, twice"

# --- the corpus, as one text per line with its line number --------------------------
awk 'BEGIN { OFS = "\t" } /^#/ || /^[ \t]*$/ { next } { print NR, $0 }' "$corpus" > "$work/corpus.tsv"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" > "$work/load.log" 2>&1 <<EOF || fail_setup "the corpus loads"
CREATE TABLE public.bad_input_rad (rad text);
\copy public.bad_input_rad FROM '$work/corpus.tsv' (FORMAT csv, DELIMITER E'\x02', QUOTE E'\x01')
CREATE TABLE public.bad_input_corpus AS
SELECT f[1]::integer AS lineno, f[2] AS id, f[3] AS sql, f[4] AS expected, f[5] AS reason,
       cardinality(f) - 1 AS fields
  FROM (SELECT string_to_array(rad, E'\t') AS f FROM public.bad_input_rad) s;
-- the runner's own checks, run the same way as the entries (line numbers below 0)
INSERT INTO public.bad_input_corpus VALUES
    (-3, 'runner-ok', 'SELECT ''1 634''::belopp', 'KR000', 'a good input is recorded as no error', 4),
    (-2, 'runner-fel', 'SELECT ''1.500''::belopp', '22P02', 'a bad input is recorded with its SQLSTATE', 4),
    (-1, 'runner-isolering', 'INSERT INTO namnd (kod, namn) VALUES (''BQ'', ''x''); SELECT 1', 'KR000', 'an entry that succeeds is rolled back', 4);
CREATE TABLE public.bad_input_resultat (lineno integer PRIMARY KEY, got text, message text, detail text);
EOF

# --- run every entry: one session, a new one only if the server dies on an entry ----
cat > "$work/run.sql" <<'EOF'
SET client_min_messages = warning;
SET search_path = kommunrapport, public;
DO $run$
DECLARE
    e       record;
    st      text;
    msg     text;
    det     text;
BEGIN
    FOR e IN SELECT c.* FROM public.bad_input_corpus c
              WHERE c.fields = 4
                AND NOT EXISTS (SELECT 1 FROM public.bad_input_resultat r WHERE r.lineno = c.lineno)
              ORDER BY c.lineno
    LOOP
        BEGIN
            EXECUTE e.sql;
            -- success: roll the entry back all the same
            RAISE EXCEPTION 'no error' USING ERRCODE = 'KR000';
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
            INSERT INTO public.bad_input_resultat VALUES (e.lineno, st, msg, det);
        END;
        COMMIT;
    END LOOP;
END $run$;
EOF
for attempt in $(seq 1 20); do
	if psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$work/run.sql" > "$work/run.log" 2>&1; then
		break
	fi
	# the entry that was running when the session ended
	why=$(tr -d "'\\\\" < "$work/run.log" | tr '\n' ' ' | cut -c1-200)
	left=$(psql -X -q -A -t -d "$db" -c "
		INSERT INTO public.bad_input_resultat
		SELECT c.lineno, 'crash', 'the session ended: $why', NULL
		  FROM public.bad_input_corpus c
		 WHERE c.fields = 4 AND c.lineno NOT IN (SELECT lineno FROM public.bad_input_resultat)
		 ORDER BY c.lineno LIMIT 1
		RETURNING lineno" 2>/dev/null)
	[ -n "$left" ] || break
	sleep 1
done

# --- the TAP --------------------------------------------------------------------------
psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$db" > "$work/tap.out" 2> "$work/tap.err" <<'EOF'
SET client_min_messages = warning;
SET search_path = kommunrapport, public;
CREATE TEMP TABLE tap (n serial, ok boolean, beskrivning text, diagnos text);

-- printable on one TAP line
CREATE FUNCTION pg_temp.ren(t text, n integer DEFAULT 300) RETURNS text LANGUAGE sql IMMUTABLE
    RETURN CASE WHEN length(t) > n THEN left(regexp_replace(t, '[[:cntrl:]]', '?', 'g'), n) || '…'
                ELSE regexp_replace(t, '[[:cntrl:]]', '?', 'g') END;

-- whether an input function's message names the type and quotes the text
CREATE FUNCTION pg_temp.namner(meddelande text, typ text, indata text) RETURNS boolean LANGUAGE sql IMMUTABLE
    RETURN coalesce(strpos(meddelande, '"' || indata || '"') > 0 AND meddelande ~ ('\m' || typ || '\M'), false);

-- the corpus
INSERT INTO tap (ok, beskrivning, diagnos)
SELECT count(*) >= 200, format('the corpus holds at least 200 entries (%s)', count(*)), NULL
  FROM bad_input_corpus WHERE lineno > 0;
INSERT INTO tap (ok, beskrivning, diagnos)
SELECT count(*) = 0, 'every corpus line has four fields: id, statement, SQLSTATE, reason',
       string_agg(format('line %s has %s fields', lineno, fields), E'\n' ORDER BY lineno)
  FROM bad_input_corpus WHERE lineno > 0 AND fields <> 4;
INSERT INTO tap (ok, beskrivning, diagnos)
SELECT count(*) = 0, 'every corpus entry has a unique id, a statement, a reason and a SQLSTATE of five characters',
       string_agg(format('line %s: %s', lineno, pg_temp.ren(coalesce(id, '') || ' ' || coalesce(expected, ''), 80)), E'\n' ORDER BY lineno)
  FROM bad_input_corpus c
 WHERE lineno > 0 AND fields = 4
   AND (expected !~ '^[0-9A-Z]{5}$' OR id !~ '^[a-z_]+-[0-9]{3}$' OR btrim(sql) = '' OR btrim(reason) = ''
        OR EXISTS (SELECT 1 FROM bad_input_corpus d WHERE d.id = c.id AND d.lineno <> c.lineno));

-- coverage: from the catalog, every input and loading function of the extension
WITH ext AS (
    SELECT d.classid, d.objid FROM pg_depend d JOIN pg_extension x ON x.oid = d.refobjid
     WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND x.extname = 'kommunrapport'
), funktion AS (
    SELECT p.proname::text AS namn, format('loading function %s', p.oid::regprocedure) AS vad,
           '\m' || p.proname || '\M' AS monster
      FROM pg_proc p JOIN ext ON ext.classid = 'pg_proc'::regclass AND ext.objid = p.oid
     WHERE p.proname ~ '^(las_|satt_|stang_|oppna_|bevilja|aterkalla)'
    UNION ALL
    -- a base type's own input and receive functions, by name (in the statement or the id)
    SELECT f.proname::text, format('%s function %s of type %s', k.slag, f.oid::regprocedure, t.typname),
           '\m' || f.proname || '\M'
      FROM pg_type t JOIN ext ON ext.classid = 'pg_type'::regclass AND ext.objid = t.oid
     CROSS JOIN LATERAL (VALUES ('input', t.typinput), ('receive', t.typreceive)) k(slag, fn)
      JOIN pg_proc f ON f.oid = k.fn
     WHERE EXISTS (SELECT 1 FROM ext e2 WHERE e2.classid = 'pg_proc'::regclass AND e2.objid = f.oid)
    UNION ALL
    -- every type of the extension: a cast of text to it
    SELECT t.typname::text, format('text input of type %s (%s)', t.typname, t.typinput::regproc),
           '::(kommunrapport\.)?' || t.typname || '\M'
      FROM pg_type t JOIN ext ON ext.classid = 'pg_type'::regclass AND ext.objid = t.oid
)
INSERT INTO tap (ok, beskrivning, diagnos)
SELECT EXISTS (SELECT 1 FROM bad_input_corpus c
                WHERE c.lineno > 0 AND (c.sql ~ f.monster OR c.id ~ ('^' || f.namn || '-'))),
       format('the corpus has a bad-input case for the %s', vad),
       'no entry of the corpus names it: add a bad input for it to test/bad_input/corpus.tsv'
  FROM funktion f ORDER BY vad;

-- the runner's own checks
INSERT INTO tap (ok, beskrivning, diagnos)
SELECT r.got = c.expected, 'runner: ' || c.reason,
       format('got %s (%s), expected %s', r.got, pg_temp.ren(r.message), c.expected)
  FROM bad_input_corpus c LEFT JOIN bad_input_resultat r USING (lineno)
 WHERE c.lineno < 0 ORDER BY c.lineno;
INSERT INTO tap (ok, beskrivning, diagnos)
SELECT NOT EXISTS (SELECT 1 FROM namnd WHERE kod = 'BQ'),
       'runner: the entries left no trace in the fixture',
       'a row inserted by an entry is still there';

-- one line per entry
INSERT INTO tap (ok, beskrivning, diagnos)
SELECT coalesce(r.got = c.expected, false),
       format('%s: %s', c.id, replace(c.reason, '#', '')),
       format(E'got %s, expected %s\nmessage: %s%s\nstatement: %s',
              CASE r.got WHEN 'KR000' THEN 'no error' ELSE coalesce(r.got, 'nothing (not run)') END,
              c.expected, pg_temp.ren(coalesce(r.message, '')),
              CASE WHEN r.detail <> '' THEN E'\ndetail: ' || pg_temp.ren(r.detail) ELSE '' END,
              pg_temp.ren(c.sql))
  FROM bad_input_corpus c LEFT JOIN bad_input_resultat r USING (lineno)
 WHERE c.lineno > 0 AND c.fields = 4 ORDER BY c.lineno;

-- the messages of the input functions name the type and quote the offending text
CREATE TEMP TABLE inmatning (lineno integer, id text, typ text, uttryck text, text_in text);
INSERT INTO inmatning (lineno, id, typ, uttryck)
SELECT c.lineno, c.id, coalesce(m1[2], m2[2]), coalesce(m1[1], m2[3])
  FROM bad_input_corpus c
  CROSS JOIN LATERAL (SELECT regexp_match(c.sql, '^SELECT (.+)::(?:kommunrapport\.)?([a-z_]+)$') AS m1,
                             regexp_match(c.sql, '^SELECT (kommunrapport\.)?([a-z_]+)_in\((.+)\)$') AS m2) m
 WHERE c.lineno > 0 AND c.fields = 4 AND c.expected IN ('22P02', '22003')
   AND coalesce(m1[2], m2[2]) IN (SELECT t.typname FROM pg_type t JOIN pg_depend d ON d.objid = t.oid
                                   AND d.classid = 'pg_type'::regclass AND d.refclassid = 'pg_extension'::regclass
                                   AND d.deptype = 'e'
                                  JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'kommunrapport'
                                  -- base types and enums; a row type's message is record_in's own
                                  WHERE t.typtype IN ('b', 'e'));
DO $$
DECLARE
    i   record;
    typ text;
    val text;
BEGIN
    FOR i IN SELECT * FROM inmatning LOOP
        BEGIN
            EXECUTE format('SELECT pg_typeof(%s)::text, (%s)::text', i.uttryck, i.uttryck) INTO typ, val;
            IF typ IN ('unknown', 'text') THEN
                UPDATE inmatning SET text_in = val WHERE lineno = i.lineno;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            NULL;   -- not a plain text argument
        END;
    END LOOP;
END $$;
INSERT INTO tap (ok, beskrivning, diagnos)
SELECT coalesce(r.got = c.expected, false) AND pg_temp.namner(r.message, i.typ, i.text_in),
       format('%s: the message names type %s and quotes the text', i.id, i.typ),
       format(E'message: %s\ntext: "%s"', pg_temp.ren(coalesce(r.message, '(none)')), pg_temp.ren(i.text_in, 80))
  FROM inmatning i JOIN bad_input_corpus c USING (lineno) LEFT JOIN bad_input_resultat r USING (lineno)
 WHERE i.text_in IS NOT NULL ORDER BY i.lineno;

-- the message check itself: it passes the message of a bad input, and fails one
-- that quotes other text or names another type
INSERT INTO tap (ok, beskrivning, diagnos)
SELECT pg_temp.namner(r.message, 'belopp', '1.500') AND NOT pg_temp.namner(r.message, 'belopp', '1.50')
       AND NOT pg_temp.namner(r.message, 'period', '1.500'),
       'runner: the message check tells a message that quotes the text from one that does not',
       format('message: %s', r.message)
  FROM bad_input_corpus c LEFT JOIN bad_input_resultat r USING (lineno)
 WHERE c.id = 'runner-fel';

SELECT '1..' || count(*) FROM tap;
SELECT CASE WHEN ok THEN 'ok ' ELSE 'not ok ' END || n || ' - ' || beskrivning
       || CASE WHEN ok OR diagnos IS NULL THEN '' ELSE E'\n' || regexp_replace(diagnos, '^', '#   ', 'gn') END
  FROM tap ORDER BY n;
EOF
if [ -s "$work/tap.out" ] && grep -q '^1\.\.' "$work/tap.out"; then
	cat "$work/tap.out"
else
	echo "1..1"
	echo "not ok 1 - the results of the bad-input corpus can be read"
	sed 's/^/# /' "$work/tap.err" "$work/run.log"
fi
exit 0
