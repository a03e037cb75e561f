-- Used by DatabaseTest only: a migration this build does not ship, as a newer build would leave it.
CREATE TABLE from_a_newer_build (id INTEGER PRIMARY KEY);
