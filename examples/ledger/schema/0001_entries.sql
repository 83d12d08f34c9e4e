CREATE TABLE entries (
    id     INTEGER PRIMARY KEY,
    at     INTEGER NOT NULL,
    amount TEXT NOT NULL
)
;;
CREATE INDEX entries_at ON entries (at)
