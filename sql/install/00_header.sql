/*
 * kommunrapport -- Swedish municipal budget follow-up inside PostgreSQL.
 *
 * This install script is assembled from the pieces in sql/install/, one per
 * concept, in file-name order.  Every object lives in schema kommunrapport,
 * except the operators and aggregates of belopp and period, which live in
 * pg_catalog (see 11_belopp_ops.sql).
 */

-- complain if the script is sourced in psql rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION kommunrapport" to load this file. \quit
