-- Staff search by phone and the repeat-caller list (case_search.ts) also look for the number among
-- the contacts of cases merged into another: by its look-up hash, like cases_citizen_phone.
create index case_contacts_phone on case_contacts (phone_hash) where phone_hash is not null;
