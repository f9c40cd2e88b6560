-- A few users to try the routes with (README walk-through).
INSERT INTO users (name, email) VALUES ('Ada Lovelace', 'ada@example.com');
INSERT INTO users (name, email) VALUES ('Alan Turing', 'alan@example.com');
INSERT INTO users (name, email) VALUES ('Grace Hopper', 'grace@example.com');
