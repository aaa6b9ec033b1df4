-- A renamed or copied file's previous path: moving a migration out of db/migration touches a sensitive path too.

ALTER TABLE change_files ADD previous_path VARCHAR(1000);
