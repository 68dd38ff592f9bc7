-- Every write of a case row tells listeners which case changed (channel bpm_changes), so the
-- console's queues stay current: the API LISTENs and forwards to browsers as server-sent events.
-- The payload carries what deciding who may see it needs: the case's org and, for work orders and
-- their escalations, the assigned department.
CREATE FUNCTION notify_case_change() RETURNS trigger LANGUAGE plpgsql AS $f$
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
    'id', NEW.id, 'status', NEW.status, 'org', NEW.org, 'assignedOrg', assigned)::text);
  RETURN NULL;
END
$f$;
--> statement-breakpoint
CREATE TRIGGER applications_notify AFTER INSERT OR UPDATE ON applications FOR EACH ROW EXECUTE FUNCTION notify_case_change();
--> statement-breakpoint
CREATE TRIGGER work_orders_notify AFTER INSERT OR UPDATE ON work_orders FOR EACH ROW EXECUTE FUNCTION notify_case_change();
--> statement-breakpoint
CREATE TRIGGER escalations_notify AFTER INSERT OR UPDATE ON escalations FOR EACH ROW EXECUTE FUNCTION notify_case_change();
