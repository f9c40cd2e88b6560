-- the timeout routes read no table; the embedded database needs an init script
CREATE TABLE placeholder (id INT);
