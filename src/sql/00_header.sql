-- ltv: customer lifetime value, retention, churn curves and RFM scores.
-- This file is assembled from src/sql/NN_*.sql by the Makefile.

\echo Use "CREATE EXTENSION ltv" to load this file. \quit
