-- The partitioning trial of docs/scaling.md ("Tables partitioned by year"): run with
-- psql -d <a database seeded by seed_national --here> -f docs/partition-trial.sql
-- It builds a partitioned copy of the posting lines, times a query on it and on the real
-- table, archives one year (detach, dump, drop), restores it, and drops the copy.
-- The programme id (300) and the dates suit seed_national --scale 0.1 seeded in 2026.
\timing on
DROP TABLE IF EXISTS part_lines CASCADE;
CREATE TABLE part_lines (id bigint NOT NULL, posting_id bigint NOT NULL, account_id bigint NOT NULL, amount numeric(12,2) NOT NULL, occurred_on date NOT NULL, PRIMARY KEY (id, occurred_on)) PARTITION BY RANGE (occurred_on);
CREATE TABLE part_lines_2024 PARTITION OF part_lines FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE part_lines_2025 PARTITION OF part_lines FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE part_lines_2026 PARTITION OF part_lines FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE part_lines_2027 PARTITION OF part_lines FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
INSERT INTO part_lines SELECT l.id, l.posting_id, l.account_id, l.amount, p.occurred_on FROM ledger_postingline l JOIN ledger_posting p ON p.id = l.posting_id;
CREATE INDEX ON part_lines (account_id);
CREATE INDEX ON part_lines (posting_id);
ANALYZE part_lines;
SELECT tableoid::regclass, count(*) FROM part_lines GROUP BY 1 ORDER BY 1;
-- one account's lines of this year: all partitions vs pruned to one
EXPLAIN ANALYZE SELECT sum(amount) FROM part_lines WHERE account_id IN (SELECT id FROM ledger_account WHERE programme_id = 300) AND occurred_on >= '2026-01-01';
EXPLAIN ANALYZE SELECT sum(l.amount) FROM ledger_postingline l JOIN ledger_posting p ON p.id=l.posting_id WHERE l.account_id IN (SELECT id FROM ledger_account WHERE programme_id = 300) AND p.occurred_on >= '2026-01-01';
-- archive 2024: detach, dump, drop
ALTER TABLE part_lines DETACH PARTITION part_lines_2024;
\! bash -c 'time pg_dump -h 127.0.0.1 -U postgres -t part_lines_2024 -Fc $PGDATABASE > /tmp/part_lines_2024.dump; ls -l /tmp/part_lines_2024.dump; sha256sum /tmp/part_lines_2024.dump'
DROP TABLE part_lines_2024;
-- restore and attach again
\! bash -c 'time pg_restore -h 127.0.0.1 -U postgres -d $PGDATABASE /tmp/part_lines_2024.dump'
ALTER TABLE part_lines ATTACH PARTITION part_lines_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
SELECT count(*) FROM part_lines;
DROP TABLE part_lines CASCADE;
