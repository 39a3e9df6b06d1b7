
-----------------------------------------------------------------------------
-- deviation: positive is favourable in every sign convention
-----------------------------------------------------------------------------

CREATE TYPE @extschema@.tecken AS ENUM ('resultat', 'kostnad');
COMMENT ON TYPE @extschema@.tecken IS
    'how a report signs its figures: resultat = larger is better (revenue +, costs −); kostnad = larger is worse (net cost +, or a debit-positive ledger)';

CREATE FUNCTION @extschema@.avvikelse(utfall @extschema@.belopp, budget @extschema@.belopp,
                                      tecken @extschema@.tecken DEFAULT 'resultat')
    RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'avvikelse_belopp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avvikelse(@extschema@.belopp, @extschema@.belopp, @extschema@.tecken) IS
    'budget deviation, positive when better than budget: utfall − budget (resultat) or budget − utfall (kostnad)';
CREATE FUNCTION @extschema@.avvikelse(utfall numeric, budget numeric,
                                      tecken @extschema@.tecken DEFAULT 'resultat')
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'avvikelse_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avvikelse(numeric, numeric, @extschema@.tecken) IS
    'budget deviation, positive when better than budget: utfall − budget (resultat) or budget − utfall (kostnad)';

CREATE FUNCTION @extschema@.avvikelse_procent(utfall @extschema@.belopp, budget @extschema@.belopp,
                                              tecken @extschema@.tecken DEFAULT 'resultat')
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'avvikelse_procent_belopp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avvikelse_procent(@extschema@.belopp, @extschema@.belopp, @extschema@.tecken) IS
    'deviation as a percentage of |budget|; NULL when the budget is zero';
CREATE FUNCTION @extschema@.avvikelse_procent(utfall numeric, budget numeric,
                                              tecken @extschema@.tecken DEFAULT 'resultat')
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'avvikelse_procent_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avvikelse_procent(numeric, numeric, @extschema@.tecken) IS
    'deviation as a percentage of |budget|; NULL when the budget is zero';

CREATE FUNCTION @extschema@.forbrukningsgrad(utfall @extschema@.belopp, budget @extschema@.belopp)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'forbrukningsgrad_belopp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.forbrukningsgrad(@extschema@.belopp, @extschema@.belopp) IS
    'consumption: outcome / budget × 100; NULL when the budget is zero';
CREATE FUNCTION @extschema@.forbrukningsgrad(utfall numeric, budget numeric)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'forbrukningsgrad_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.forbrukningsgrad(numeric, numeric) IS
    'consumption: outcome / budget × 100; NULL when the budget is zero';

CREATE FUNCTION @extschema@.vasentlig(avvikelse @extschema@.belopp, budget @extschema@.belopp,
                                      procentgrans numeric, beloppsgrans @extschema@.belopp)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'vasentlig' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vasentlig(@extschema@.belopp, @extschema@.belopp, numeric, @extschema@.belopp) IS
    'whether a deviation is material: |avvikelse| ≥ beloppsgrans and |avvikelse| / |budget| ≥ procentgrans percent';

CREATE FUNCTION @extschema@.avrunda_summerbar(belopp @extschema@.belopp, enhet text, decimaler integer)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'avrunda_summerbar' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avrunda_summerbar(@extschema@.belopp, text, integer) IS
    'window function: rounds each row so that the rounded rows of the partition add up to its rounded total (largest remainder, each row within one unit)';
