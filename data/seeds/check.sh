#!/usr/bin/env bash
# Consistency check for the seed-table fixtures in this folder (see README.md).
#
# For every <table-id>.map it verifies that
#   - the required keys are present (once each) and well formed;
#   - the source file exists and holds the line "## table: <table-id>";
#   - expected/<table-id>.tsv exists, has the right header, and every row has
#     5 fields, exactly `columns` values and percent flags, and well-formed numbers;
#   - every row's `line` lies inside the table's block, lines increase, and the
#     line holds the first word of the row's name (for a label the PDF broke
#     across lines, the word may continue on the next non-empty lines);
#   - every relation / row relation holds up to published rounding, except at
#     the places listed under `discrepancies:`, each of which must really fail.
# It also checks that every "## table:" block and every expected .tsv has a map.
#
# Output is TAP; the exit status is non-zero when any test fails.
# Only bash and awk are used; nothing outside this folder is read.

set -u
export LC_ALL=C
cd "$(dirname "$0")" || exit 2

out=$(mktemp) || exit 2
trap 'rm -f "$out"' EXIT

read -r -d '' AWK_MAP <<'EOF'
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
function t(ok, msg) { print (ok ? "ok" : "not ok") " - " id ": " msg }
function diag(msg) { print "# " id ": " msg }
function isnum(s) { return s ~ /^-?[0-9]+(\.[0-9]+)?$/ }
function decs(s) { return index(s, ".") ? length(s) - index(s, ".") : 0 }
# split a value like  'a', 'b' x y, 'c'  into quoted items Q[1..] and their tails Tl[1..]
function quoted(v, Q, Tl,   n, rest) {
    n = 0; rest = v
    while (match(rest, /'[^']*'/)) {
        n++; Q[n] = substr(rest, RSTART + 1, RLENGTH - 2)
        rest = substr(rest, RSTART + RLENGTH)
        if (match(rest, /^[^,]*/)) Tl[n] = trim(substr(rest, 1, RLENGTH)); else Tl[n] = ""
        sub(/^[^,]*,?/, "", rest)
    }
    return n
}
# parse relation text r (kind "c": refs are column numbers, kind "r": refs are rN)
# into TGT, CMP ("=" or "<="), NOP operands OPD[1..] with signs SG[1..] or DIV=1.
function parse(r, kind,   w, n, i, ref) {
    n = split(r, w, " ")
    NOP = 0; DIV = 0; PERR = ""
    if (n < 3 || (w[2] != "=" && w[2] != "<=")) { PERR = "bad relation"; return 0 }
    CMP = w[2]
    if (!(ref = refnum(w[1], kind))) { PERR = "bad target " w[1]; return 0 }
    TGT = ref
    if (!(ref = refnum(w[3], kind))) { PERR = "bad operand " w[3]; return 0 }
    NOP = 1; OPD[1] = ref; SG[1] = 1
    for (i = 4; i <= n; i += 2) {
        if (i + 1 > n || !(ref = refnum(w[i + 1], kind))) { PERR = "bad operand after " w[i]; return 0 }
        if (w[i] == "/") { if (NOP != 1 || n != 5) { PERR = "'/' takes exactly two operands"; return 0 }; DIV = 1 }
        else if (w[i] != "+" && w[i] != "-") { PERR = "bad operator " w[i]; return 0 }
        NOP++; OPD[NOP] = ref; SG[NOP] = (w[i] == "-") ? -1 : 1
    }
    if (CMP == "<=" && NOP != 1) { PERR = "'<=' takes one operand"; return 0 }
    return 1
}
function refnum(s, kind) {
    if (kind == "r") { if (s !~ /^r[1-9][0-9]*$/) return 0; return substr(s, 2) + 0 }
    if (s !~ /^[1-9][0-9]*$/) return 0
    return s + 0
}
# evaluate the parsed relation on the cell list (x[1..NOP] values, xt target, xs strings)
# returns 1 if it holds; sets EV to a readable "printed vs computed"
function holds(pct,   k, d, v, tol, dd) {
    d = decs(XTS)
    for (k = 1; k <= NOP; k++) { dd = decs(XS[k]); if (dd > d) d = dd }
    if (CMP == "<=") { EV = XT " <= " X[1]; return XT <= X[1] + 1e-9 }
    if (DIV) {
        if (X[2] == 0) { EV = "division by zero (skipped)"; return 1 }
        v = X[1] / X[2]
        if (pct) { v = 100 * v; tol = 1 } else tol = 10 ^ -d
        EV = "printed " XTS ", computed " v
        return (XT - v <= tol + 1e-9 && v - XT <= tol + 1e-9)
    }
    v = 0
    for (k = 1; k <= NOP; k++) v += SG[k] * X[k]
    tol = (NOP + 1) * (10 ^ -d) / 2
    EV = "printed " XTS ", computed " v
    return (XT - v <= tol + 1e-9 && v - XT <= tol + 1e-9)
}
BEGIN {
    nreq = split("table source title unit columns column_names sign relations notes", REQ, " ")
    # ---- the map
    while ((getline ln < mapf) > 0) {
        if (ln ~ /^[ \t]*(#|$)/) continue
        p = index(ln, ":")
        if (!p) { badline = badline " [" ln "]"; continue }
        k = trim(substr(ln, 1, p - 1)); v = trim(substr(ln, p + 1))
        if (k in M) dup = dup " " k
        M[k] = v
    }
    close(mapf)
    miss = ""
    for (i = 1; i <= nreq; i++) if (!(REQ[i] in M)) miss = miss " " REQ[i]
    t(miss == "" && dup == "" && badline == "", "map has the required keys, once each" \
        (miss != "" ? " (missing:" miss ")" : "") (dup != "" ? " (repeated:" dup ")" : "") \
        (badline != "" ? " (not key: value:" badline ")" : ""))
    t(M["table"] == id, "table: names this map (" M["table"] ")")
    t(M["unit"] ~ /^(kr|tkr|mnkr)$/, "unit is kr, tkr or mnkr (" M["unit"] ")")
    t(M["sign"] ~ /^(kostnad|resultat)$/, "sign is kostnad or resultat (" M["sign"] ")")
    ncol = M["columns"] + 0
    okc = (M["columns"] ~ /^[1-9][0-9]*$/)
    nn = split(M["column_names"], CN, ",")
    for (i = 1; i <= nn; i++) if (trim(CN[i]) !~ /^[a-z0-9_]+$/) okc = 0
    t(okc && nn == ncol, "columns (" M["columns"] ") matches " nn " ASCII column_names")
    if (M["title"] == "") t(0, "title is not empty")

    # ---- the source file and the table block
    src = M["source"]
    first = 0; last = 0; nl = 0
    if (src != "" && src !~ /\// && (getline ln < src) > 0) {
        do {
            nl++; L[nl] = ln
            if (ln == "## table: " id) first = nl + 1
            else if (first && !last && ln ~ /^## table: /) last = nl - 1
        } while ((getline ln < src) > 0)
        close(src)
        if (first && !last) last = nl
        t(1, "source file " src " exists")
    } else t(0, "source file " src " exists")
    t(first > 0, "source holds the block \"## table: " id "\"" (first ? " (lines " first "-" last ")" : ""))

    # ---- the expected rows
    tsv = "expected/" id ".tsv"
    nr = 0; okrows = 1; prev = 0; okl = 1
    if ((getline ln < tsv) <= 0) { t(0, tsv " exists"); exit }
    t(ln == "line\tcode\tname\tvalues\tpercent", tsv " has the header line")
    while ((getline ln < tsv) > 0) {
        nr++
        nf = split(ln, F, "\t")
        if (nf != 5) { okrows = 0; diag("row " nr ": " nf " tab-separated fields, not 5"); continue }
        LN[nr] = F[1]; NM[nr] = F[3]
        nv = split(F[4], VV, "|"); np = split(F[5], PP, "|")
        if (F[4] == "") nv = 1
        if (nv != ncol || np != ncol) { okrows = 0; diag("row " nr " (" F[3] "): " nv " values, " np " percent flags, columns is " ncol) }
        for (c = 1; c <= ncol; c++) {
            V[nr, c] = VV[c]; PF[nr, c] = PP[c]
            if (VV[c] != "" && !isnum(VV[c])) { okrows = 0; diag("row " nr " column " c ": not a number: " VV[c]) }
            if (PP[c] != "t" && PP[c] != "f") { okrows = 0; diag("row " nr " column " c ": percent flag is not t/f: " PP[c]) }
            if (PP[c] == "t" && VV[c] == "") { okrows = 0; diag("row " nr " column " c ": percent flag on an empty cell") }
        }
        if (F[1] !~ /^[1-9][0-9]*$/ || F[3] == "" || F[2] ~ /[ \t]/) { okrows = 0; diag("row " nr ": bad line/code/name") }
        if (F[1] + 0 <= prev) { okl = 0; diag("row " nr ": line " F[1] " does not follow line " prev) }
        prev = F[1] + 0
    }
    close(tsv)
    t(okrows && nr > 0, tsv ": " nr " rows, each with " ncol " values and percent flags")
    if ("rows" in M) t(M["rows"] + 0 == nr, "rows: " M["rows"] " matches the " nr " expected rows")
    t(okl, "line numbers increase")

    # ---- each row's line points at its label
    okn = 1
    for (i = 1; i <= nr; i++) {
        l = LN[i] + 0; w = NM[i]; sub(/ .*/, "", w)
        if (l < first || l > last) { okn = 0; diag("row " i " (" NM[i] "): line " l " is outside the block " first "-" last); continue }
        if (index(L[l], w)) continue
        # a label broken across lines: join the following non-empty lines
        j = L[l]; sub(/[ \t]+$/, "", j); sub(/-$/, "", j)
        lw = j; sub(/.* /, "", lw)
        cnt = 0
        for (m = l + 1; m <= last && cnt < 3; m++) {
            s = L[m]; sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s)
            if (s == "") continue
            sub(/-$/, "", s); j = j s; cnt++
        }
        if (lw != "" && substr(w, 1, length(lw)) == lw && index(j, w)) continue
        okn = 0; diag("row " i ": line " l " does not hold \"" w "\": " L[l])
    }
    t(okn, "every row's line holds the first word of its name")

    # ---- discrepancies
    nd = quoted(M["discrepancies"], DQ, DT)
    for (i = 1; i <= nd; i++) { EXC[DQ[i]] = DT[i]; USED[DQ[i]] = 0 }

    # ---- column relations
    n = quoted(M["relations"], RQ, RT)
    for (q = 1; q <= n; q++) {
        r = RQ[q]
        if (!parse(r, "c") || TGT > ncol) { t(0, "relation '" r "' parses (" PERR ")"); continue }
        bad = 0; known = 0; checked = 0; ex = (r in EXC) ? " " EXC[r] " " : ""
        for (i = 1; i <= nr; i++) {
            skip = (V[i, TGT] == "")
            for (k = 1; k <= NOP; k++) { if (OPD[k] > ncol || V[i, OPD[k]] == "") skip = 1; X[k] = V[i, OPD[k]] + 0; XS[k] = V[i, OPD[k]] }
            if (skip) continue
            XT = V[i, TGT] + 0; XTS = V[i, TGT]; checked++
            ok = holds(PF[i, TGT] == "t")
            if (index(ex, " r" i " ")) {
                if (ok) { bad++; diag("'" r "' listed as a discrepancy at r" i " but holds there (" EV ")") }
                else { known++; diag("known discrepancy '" r "' at r" i " (" NM[i] "): " EV) }
            } else if (!ok) { bad++; diag("'" r "' fails at r" i " (" NM[i] "): " EV) }
        }
        t(bad == 0, "relation '" r "' holds on " checked " rows up to rounding" (known ? " (" known " known discrepancies)" : ""))
        if (r in EXC) USED[r] = 1
    }

    # ---- row relations (rN = rows of the .tsv; empty operand cells count as 0)
    n = quoted(M["row_relations"], RQ, RT)
    for (q = 1; q <= n; q++) {
        r = RQ[q]
        if (!parse(r, "r") || DIV || TGT > nr) { t(0, "row relation '" r "' parses (" (DIV ? "no '/' in row relations" : PERR) ")"); continue }
        badref = 0
        for (k = 1; k <= NOP; k++) if (OPD[k] > nr) badref = 1
        if (badref) { t(0, "row relation '" r "' refers to existing rows"); continue }
        bad = 0; known = 0; checked = 0; ex = (r in EXC) ? " " EXC[r] " " : ""
        for (c = 1; c <= ncol; c++) {
            if (V[TGT, c] == "" || PF[TGT, c] == "t") continue
            for (k = 1; k <= NOP; k++) { XS[k] = V[OPD[k], c]; X[k] = XS[k] + 0 }
            XT = V[TGT, c] + 0; XTS = V[TGT, c]; checked++
            ok = holds(0)
            if (index(ex, " c" c " ")) {
                if (ok) { bad++; diag("'" r "' listed as a discrepancy at c" c " but holds there (" EV ")") }
                else { known++; diag("known discrepancy '" r "' at c" c ": " EV) }
            } else if (!ok) { bad++; diag("'" r "' fails at column " c ": " EV) }
        }
        t(bad == 0, "row relation '" r "' holds in " checked " columns up to rounding" (known ? " (" known " known discrepancies)" : ""))
        if (r in EXC) USED[r] = 1
    }
    for (r in USED) if (!USED[r]) t(0, "discrepancy '" r "' names a relation of this map")
}
EOF

{
    maps=( *.map )
    for map in "${maps[@]}"; do
        [ -e "$map" ] || { echo "not ok - no .map files found"; break; }
        id=${map%.map}
        awk -v id="$id" -v mapf="$map" "$AWK_MAP" </dev/null
    done

    # every table block and every expected file has a map
    for src in [0-9][0-9][0-9]_*.txt; do
        awk '/^## table: / { print $3 }' "$src" | while read -r tid; do
            if [ -f "$tid.map" ]; then echo "ok - block $tid in $src has a map"
            else echo "not ok - block $tid in $src has a map"; fi
        done
    done
    for tsv in expected/*.tsv; do
        tid=$(basename "$tsv" .tsv)
        if [ -f "$tid.map" ]; then echo "ok - $tsv has a map"; else echo "not ok - $tsv has a map"; fi
    done
} > "$out"

# number the tests, keep diagnostics, print the plan, set the exit status
awk '
/^(ok|not ok) - / { n++; if ($1 == "not") fail++; sub(/ - /, " " n " - "); print; next }
{ print }
END { print "1.." n; if (fail) { print "# " fail " of " n " tests failed"; exit 1 } }
' "$out"
