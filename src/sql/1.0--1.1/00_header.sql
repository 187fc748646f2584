-- ltv 1.0 -> 1.1.  Assembled from src/sql/1.0--1.1/NN_*.sql by the Makefile,
-- one fragment per family in the order of the install script's fragments.
-- sql/upgrade.sql checks that 1.0 updated with this script has exactly the
-- objects of a fresh 1.1 install (signatures, volatility, parallel safety,
-- strictness, comments, aggregate and type definitions).

\echo Use "ALTER EXTENSION ltv UPDATE TO '1.1'" to load this file. \quit
