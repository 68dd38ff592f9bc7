-- The change feed carries each case's current clock (deadline, which clock, its start), so a screen
-- can show its state without a read (api/routes/events.ts turns it into the clock's state).
CREATE OR REPLACE FUNCTION notify_case_change() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
  assigned text;
BEGIN
  IF TG_TABLE_NAME = 'work_orders' THEN
    assigned := NEW.assigned_org;
  ELSIF TG_TABLE_NAME = 'escalations' THEN
    -- (a separate IF: NEW of the other tables has no subject_type to look at)
    IF NEW.subject_type = 'workOrder' THEN
      SELECT assigned_org INTO assigned FROM work_orders WHERE id = NEW.subject_id;
    END IF;
  END IF;
  PERFORM pg_notify('bpm_changes', json_build_object(
    'kind', CASE TG_TABLE_NAME WHEN 'applications' THEN 'application' WHEN 'work_orders' THEN 'workOrder' ELSE 'escalation' END,
    'id', NEW.id, 'status', NEW.status, 'org', NEW.org, 'assignedOrg', assigned,
    'currentClock', NEW.current_clock, 'currentDeadline', NEW.current_deadline, 'currentClockStartedAt', NEW.current_clock_started_at)::text);
  RETURN NULL;
END
$f$;
