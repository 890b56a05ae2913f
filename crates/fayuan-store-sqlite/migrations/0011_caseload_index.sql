-- The public statistics (Rules art. 9) count the cases docketed or closed in a range of months:
-- one index per date, so neither half of the query reads the whole table.
CREATE INDEX cases_docketed_on ON cases (docketed_on);
CREATE INDEX cases_closed_on ON cases (closed_on);
