-- SCIM 2.0 provisioning of the employee directory (issue #18): the identity provider's own id for a person.
alter table mb_people add column external_id text;
create unique index mb_people_external_id on mb_people (workspace_id, external_id) where external_id is not null;
