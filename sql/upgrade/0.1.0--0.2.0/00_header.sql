/*
 * kommunrapport 0.1.0 -> 0.2.0.
 *
 * Assembled from the pieces in sql/upgrade/0.1.0--0.2.0/, in file-name order.
 * Every change to the install pieces (sql/install/) since 0.1.0 has its piece
 * here, so that an upgraded database and a fresh install of 0.2.0 have the
 * same catalog (test/e2e/upgrade.sh compares them).
 */

-- complain if the script is sourced in psql rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION kommunrapport UPDATE TO '0.2.0'" to load this file. \quit
