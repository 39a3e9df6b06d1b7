# samla.awk -- assemble an upgrade script from its pieces (make runs it).
#
#   awk -v install=sql/install -f sql/upgrade/samla.awk PIECE...
#
# Every line of the pieces is copied as it is, except a directive
#
#   --@ skapa  FILE: KIND name, KIND name, ...
#   --@ ersatt FILE: KIND name, ...
#
# which is replaced by the definitions of the named objects as the install
# piece sql/install/FILE writes them: each CREATE statement (all overloads of
# a function name) with the comment lines just above it and the COMMENT ON
# statements just below it.  "skapa" copies them as they are (the upgrade has
# dropped the old objects, or they are new); "ersatt" turns CREATE FUNCTION
# into CREATE OR REPLACE FUNCTION.  KIND is FUNCTION, AGGREGATE, TYPE, VIEW or
# STATISTICS.
# So an upgrade never holds a second copy of a definition that could drift
# from the fresh install's: test/e2e/upgrade.sh compares the two catalogs.
#
# A statement ends at the line that closes it: for a function, the line that
# ends its dollar-quoted body ("$$;", "$fn$;", "END $$;"), the "END;" of a
# BEGIN ATOMIC body, or else the first line ending in ";".  A name that is not
# found stops the build.

function fail(msg) {
	print "samla.awk: " msg > "/dev/stderr"
	failed = 1
	exit 1
}

# read FILE into lines[FILE, 1..n], n in nlines[FILE]
function load(file,    path, line, n) {
	if (file in nlines)
		return
	path = install "/" file
	n = 0
	while ((getline line < path) > 0)
		lines[file, ++n] = line
	close(path)
	if (n == 0)
		fail("cannot read " path)
	nlines[file] = n
}

# the last line of the statement that starts at line i of file
function statement_end(file, i, kind,    j, l, tag) {
	for (j = i; j <= nlines[file]; j++) {
		l = lines[file, j]
		if (tag == "ATOMIC") {
			if (l ~ /^END;[ \t]*$/)
				return j
			continue
		}
		if (kind == "FUNCTION" || kind == "AGGREGATE") {
			if (tag == "" && match(l, /(^|[ \t])AS \$[A-Za-z_]*\$/)) {
				tag = substr(l, RSTART, RLENGTH)
				sub(/^[ \t]*AS /, "", tag)
				# the body may close on the same line
				if (index(substr(l, RSTART + RLENGTH), tag ";"))
					return j
				continue
			}
			if (tag != "") {
				if (index(l, tag ";"))
					return j
				continue
			}
			if (l ~ /^BEGIN ATOMIC/) {
				tag = "ATOMIC"
				continue
			}
		}
		if (l ~ /;[ \t]*$/)
			return j
	}
	fail("no end of the statement at " file ":" i)
}

# the definitions of KIND name in file
function emit(file, kind, name, replace,    i, j, k, start, found, l, re, pattern) {
	load(file)
	pattern = "^CREATE " kind " @extschema@\\." name "[ (]"
	found = 0
	for (i = 1; i <= nlines[file]; i++) {
		if (lines[file, i] !~ pattern)
			continue
		found++
		# the comment lines just above it
		start = i
		while (start > 1 && lines[file, start - 1] ~ /^--/)
			start--
		j = statement_end(file, i, kind)
		# the COMMENT ON statements just below it
		k = j
		while (k < nlines[file] && lines[file, k + 1] ~ /^COMMENT ON /)
			k = statement_end(file, k + 1, "COMMENT")
		for (l = start; l <= k; l++) {
			re = lines[file, l]
			if (replace && l == i)
				sub(/^CREATE FUNCTION /, "CREATE OR REPLACE FUNCTION ", re)
			print re
		}
		print ""
		i = k
	}
	if (!found)
		fail(kind " " name " is not defined in " install "/" file)
}

/^--@ (skapa|ersatt) / {
	directive = $0
	replace = ($2 == "ersatt")
	sub(/^--@ (skapa|ersatt)[ \t]+/, "", directive)
	file = directive
	sub(/:.*/, "", file)
	list = directive
	sub(/^[^:]*:[ \t]*/, "", list)
	n = split(list, items, /,[ \t]*/)
	for (m = 1; m <= n; m++) {
		if (split(items[m], kn, /[ \t]+/) != 2)
			fail("bad item \"" items[m] "\" in: " $0)
		emit(file, kn[1], kn[2], replace)
	}
	next
}

{ print }

END {
	if (failed)
		exit 1
}
