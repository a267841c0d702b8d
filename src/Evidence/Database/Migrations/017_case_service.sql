-- A case names the service (unit) that runs the procedure, shown in the list of cases.
ALTER TABLE cases ADD COLUMN service text;
